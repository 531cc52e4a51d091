package com.example.aftersales.exports;

/**
 * Text written into a CSV or XLSX export, made inert for spreadsheet programs (OWASP, CSV injection): a cell that
 * starts with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return is prefixed with {@code '}, so that
 * it is read as text and never as a formula. Numbers are not text: write them as numbers.
 */
public final class SpreadsheetText {

    private SpreadsheetText() {
    }

    /** The text as it may be exported: itself, or prefixed with {@code '} when its first character starts a formula. */
    public static String neutralise(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        return switch (text.charAt(0)) {
            case '=', '+', '-', '@', '\t', '\r' -> "'" + text;
            default -> text;
        };
    }
}
