package com.example.aftersales.policy.tables;

import java.math.BigDecimal;
import java.util.regex.Pattern;

import com.example.aftersales.policy.tables.TableDefinition.Column;

/**
 * A cell's value as its column's type: the only things that reach rule code are what {@link #literal} renders from
 * these — a number's plain digits, {@code true}/{@code false}, or a quoted code of upper-case letters, digits and
 * {@code _}. Free text (names, reasons) is kept for people and never rendered.
 */
final class Values {

    static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
    private static final Pattern CLAUSE = Pattern.compile("P([1-9]|1[0-9]|2[01])");
    /** A number typed as text: digits, an optional sign and decimals; thousands separators and a currency sign allowed. */
    private static final Pattern NUMBER_TEXT = Pattern.compile("[-+]?[¥￥]?\\s*\\d{1,3}(,\\d{3})*(\\.\\d+)?|[-+]?[¥￥]?\\s*\\d+(\\.\\d+)?");
    static final int MAX_TEXT = 2000;

    private Values() {
    }

    /** A cell as the spreadsheet program shows its value, before typing: text, a number or a boolean, or null. */
    sealed interface Raw permits Text, Number, Bool {
    }

    record Text(String text) implements Raw {
    }

    record Number(BigDecimal number) implements Raw {
    }

    record Bool(boolean value) implements Raw {
    }

    /** A value of the column's type, or a {@link Problem} saying in words what the column needs. */
    static Object typed(Column column, Raw raw) {
        switch (column.type()) {
            case NAME, TEXT: return text(column, raw);
            case CODE: return code(column, raw);
            case CLAUSE: return clause(raw);
            case BOOLEAN: return bool(raw);
            case INTEGER: return integer(column, raw);
            default: return money(column, raw);
        }
    }

    private static Problem problem(String key, Object... arguments) {
        return new Problem(com.example.aftersales.text.Text.of(key, arguments));
    }

    /** Why a cell cannot be used. */
    record Problem(com.example.aftersales.text.Text message) {
    }

    private static Object text(Column column, Raw raw) {
        String text = display(raw);
        if (text.length() > MAX_TEXT) {
            return problem("value.tooLong", MAX_TEXT);
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && c != '\n' && c != '\t' || Character.isSurrogate(c) && !validSurrogate(text, i)) {
                return problem("value.control", String.format("%04X", (int) c));
            }
        }
        if (column.type() == TableDefinition.Type.NAME && text.contains("\n")) {
            return problem("value.nameOneLine");
        }
        return text;
    }

    private static boolean validSurrogate(String s, int i) {
        char c = s.charAt(i);
        return Character.isHighSurrogate(c) ? i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                : i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    private static Object code(Column column, Raw raw) {
        if (!(raw instanceof Text t) || !CODE.matcher(t.text()).matches()) {
            return problem("value.notCode", shown(raw));
        }
        if (!column.values().isEmpty() && !column.values().contains(t.text())) {
            return problem("value.notOneOf", t.text(), column.values());
        }
        return t.text();
    }

    private static Object clause(Raw raw) {
        if (!(raw instanceof Text t) || !CLAUSE.matcher(t.text()).matches()) {
            return problem("value.notClause", shown(raw));
        }
        return t.text();
    }

    private static Object bool(Raw raw) {
        if (raw instanceof Bool b) {
            return b.value();
        }
        if (raw instanceof Text t && (t.text().equalsIgnoreCase("true") || t.text().equals("是"))) {
            return true;
        }
        if (raw instanceof Text t && (t.text().equalsIgnoreCase("false") || t.text().equals("否"))) {
            return false;
        }
        return problem("value.notBoolean", shown(raw));
    }

    private static Object integer(Column column, Raw raw) {
        Object n = number(raw);
        if (n instanceof Problem) {
            return problem("value.notWhole", shown(raw));
        }
        BigDecimal value = (BigDecimal) n;
        if (value.stripTrailingZeros().scale() > 0) {
            return problem("value.notWholeNumber", value.toPlainString());
        }
        return inRange(column, value.setScale(0, java.math.RoundingMode.UNNECESSARY));
    }

    private static Object money(Column column, Raw raw) {
        Object n = number(raw);
        if (n instanceof Problem) {
            return problem("value.notMoney", shown(raw));
        }
        BigDecimal value = ((BigDecimal) n).stripTrailingZeros();
        if (value.scale() > 2) {
            return problem("value.tooManyDecimals", value.toPlainString());
        }
        return inRange(column, value.scale() < 0 ? value.setScale(0) : value);
    }

    private static Object inRange(Column column, BigDecimal value) {
        if (column.min() != null && value.compareTo(column.min()) < 0) {
            return problem("value.belowMin", value.toPlainString(), column.min().toPlainString());
        }
        if (column.max() != null && value.compareTo(column.max()) > 0) {
            return problem("value.aboveMax", value.toPlainString(), column.max().toPlainString());
        }
        return value;
    }

    /** A number cell's value, or a number typed as text ("20,000", "¥20000"); never a formatted display. */
    private static Object number(Raw raw) {
        BigDecimal value = null;
        if (raw instanceof Number n) {
            value = n.number();
        } else if (raw instanceof Text t && NUMBER_TEXT.matcher(t.text()).matches()) {
            value = new BigDecimal(t.text().replaceAll("[,¥￥\\s+]", ""));
        }
        if (value == null || value.abs().compareTo(BigDecimal.valueOf(1_000_000_000_000L)) > 0) {
            return problem("value.notNumber"); // replaced by the column's own words
        }
        return value;
    }

    /** The value as a person reads it. */
    static String display(Raw raw) {
        if (raw instanceof Text t) {
            return t.text();
        }
        if (raw instanceof Number n) {
            return n.number().stripTrailingZeros().toPlainString();
        }
        return ((Bool) raw).value() ? "TRUE" : "FALSE";
    }

    private static String shown(Raw raw) {
        String s = display(raw);
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }

    /**
     * The value as a DRL literal. By construction this is one of: digits with an optional sign and decimal point, true
     * or false, or a code of [A-Z0-9_] in double quotes — never text a person typed.
     */
    static String literal(Object value) {
        if (value instanceof BigDecimal n) {
            return n.toPlainString();
        }
        if (value instanceof Boolean b) {
            return b.toString();
        }
        if (value instanceof String code && CODE.matcher(code).matches()) {
            return '"' + code + '"';
        }
        throw new IllegalArgumentException("not a value that can enter rule code: " + value.getClass().getSimpleName());
    }
}
