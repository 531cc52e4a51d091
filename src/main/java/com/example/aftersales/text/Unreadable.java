package com.example.aftersales.text;

import java.io.EOFException;
import java.nio.charset.CharacterCodingException;
import java.util.Locale;
import java.util.zip.ZipException;

import org.xml.sax.SAXParseException;

/**
 * Why a file could not be read, in words: what a parser's exception means for the person who sent the file, never
 * the parser's own text (which is English only and names its classes, e.g. POI's InvalidFormatException).
 */
public final class Unreadable {

    private Unreadable() {
    }

    public static Text why(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String name = t.getClass().getSimpleName();
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (message.contains("doctype")) {
                return Text.of("unreadable.doctype");
            }
            if (message.contains("zip bomb")) {
                return Text.of("unreadable.zipBomb");
            }
            if (name.equals("EncryptedDocumentException") || message.contains("encrypt") || message.contains("password")) {
                return Text.of("unreadable.encrypted");
            }
            if (name.equals("OldExcelFormatException")) {
                return Text.of("unreadable.oldExcel");
            }
            if (t instanceof SAXParseException sax) {
                return Text.of("unreadable.xml", sax.getLineNumber(), sax.getColumnNumber());
            }
            if (t instanceof CharacterCodingException) {
                return Text.of("unreadable.encoding");
            }
            if (t instanceof EOFException || message.contains("unexpected end")) {
                return Text.of("unreadable.endsEarly");
            }
            if (t instanceof ZipException || name.equals("NotOfficeXmlFileException") || name.equals("InvalidFormatException")
                    || name.equals("NotOLE2FileException") || message.contains("content type part") || message.contains("ooxml")) {
                return Text.of("unreadable.notPackage");
            }
        }
        return Text.of("unreadable.damaged");
    }
}
