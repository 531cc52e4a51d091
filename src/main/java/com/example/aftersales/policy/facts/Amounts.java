package com.example.aftersales.policy.facts;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

import com.example.aftersales.text.Text;

/**
 * Amounts in CNY as people read them, the one way the service writes money in words: in Chinese {@code ¥92,050}, in
 * English {@code CNY 92,050}; thousands grouped, fen shown only when there are any ({@code ¥19,999.99}), a minus sign
 * before the currency ({@code -¥1,000}, {@code CNY -1,000}). Pages, reasons (DRL: {@code Amounts.zh($loss)},
 * {@code Amounts.en($loss)}), table reasons, messages and the ruleset diff use it; exports keep numbers as numbers
 * (exports.Xlsx gives them the {@code ¥#,##0.00} format).
 */
public final class Amounts {

    private Amounts() {
    }

    /** In Chinese: {@code ¥92,050}; empty for no amount. */
    public static String zh(BigDecimal cny) {
        return cny == null ? "" : sign(cny) + "¥" + number(cny.abs());
    }

    /** In English: {@code CNY 92,050}; empty for no amount. */
    public static String en(BigDecimal cny) {
        return cny == null ? "" : "CNY " + sign(cny) + number(cny.abs());
    }

    /** In the locale's language: Chinese for {@code zh}, English otherwise. */
    public static String in(BigDecimal cny, Locale locale) {
        return locale != null && "zh".equals(locale.getLanguage()) ? zh(cny) : en(cny);
    }

    /** Both languages, for a sentence made in both ({@link Text#of} takes it as an argument). */
    public static Text text(BigDecimal cny) {
        return new Text(zh(cny), en(cny));
    }

    /** For a figure that may come as any number (a table's value). */
    public static Text text(Number cny) {
        return text(cny == null ? null : cny instanceof BigDecimal d ? d : new BigDecimal(cny.toString()));
    }

    /**
     * The figure alone, grouped by thousands, with fen when there are any: {@code 92,050}, {@code 19,999.99}. Written
     * by hand from the unscaled digits: the rules' reasons call it on every evaluation, and a new {@code DecimalFormat}
     * per call was about 4 % of {@code POST /api/evaluate}'s CPU (issue 17); same output (AmountsTest compares).
     */
    public static String number(BigDecimal cny) {
        if (cny == null) {
            return "";
        }
        BigDecimal fen = cny.setScale(2, RoundingMode.HALF_UP);
        String digits = fen.unscaledValue().abs().toString();
        if (digits.length() < 3) {
            digits = "00".substring(digits.length() - 1) + digits;
        }
        int wholeDigits = digits.length() - 2;
        StringBuilder out = new StringBuilder(digits.length() + digits.length() / 3 + 2);
        if (fen.signum() < 0) {
            out.append('-');
        }
        for (int i = 0; i < wholeDigits; i++) {
            if (i > 0 && (wholeDigits - i) % 3 == 0) {
                out.append(',');
            }
            out.append(digits.charAt(i));
        }
        if (digits.charAt(wholeDigits) != '0' || digits.charAt(wholeDigits + 1) != '0') {
            out.append('.').append(digits, wholeDigits, wholeDigits + 2);
        }
        return out.toString();
    }

    private static String sign(BigDecimal cny) {
        return cny.setScale(2, RoundingMode.HALF_UP).signum() < 0 ? "-" : "";
    }
}
