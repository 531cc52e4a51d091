package com.example.aftersales.replay;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Dates and times as {@code toString()} writes them, read without a {@link java.time.format.DateTimeFormatter} (which
 * costs a replay about a microsecond each, twice a case). Answers null for any other form, and for a value out of
 * range: the caller then reads it the usual way, so it never answers what {@code parse} would not.
 */
final class IsoTimes {

    private IsoTimes() {
    }

    /** {@code 2024-03-01}; null when not in that form or not a date. */
    static LocalDate localDate(String s) {
        if (s.length() != 10) {
            return null;
        }
        return date(s);
    }

    /**
     * {@code 2024-03-01T09:30+08:00}, with seconds and a fraction of 1 to 9 digits where given, and {@code Z} for
     * UTC; null when not in that form or out of range.
     */
    static OffsetDateTime offsetDateTime(String s) {
        int n = s.length();
        if (n < 17 || s.charAt(10) != 'T' || s.charAt(13) != ':') {
            return null;
        }
        LocalDate date = date(s);
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = 0;
        int nano = 0;
        int i = 16;
        if (s.charAt(i) == ':') {
            if (n < i + 3) {
                return null;
            }
            second = digits(s, i + 1, i + 3);
            i += 3;
            if (i < n && s.charAt(i) == '.') {
                int from = ++i;
                while (i < n && i - from < 9 && isDigit(s.charAt(i))) {
                    nano = nano * 10 + (s.charAt(i++) - '0');
                }
                if (i == from) {
                    return null;
                }
                for (int k = i - from; k < 9; k++) {
                    nano *= 10;
                }
            }
        }
        ZoneOffset offset = offset(s, i);
        if (date == null || hour < 0 || minute < 0 || second < 0 || offset == null) {
            return null;
        }
        try {
            return OffsetDateTime.of(date.getYear(), date.getMonthValue(), date.getDayOfMonth(), hour, minute, second,
                    nano, offset);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static LocalDate date(String s) {
        if (s.charAt(4) != '-' || s.charAt(7) != '-') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        if (year < 0 || month < 0 || day < 0) {
            return null;
        }
        try {
            return LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** {@code Z} or {@code +08:00} from {@code i} to the end. */
    private static ZoneOffset offset(String s, int i) {
        int n = s.length();
        if (n == i + 1 && s.charAt(i) == 'Z') {
            return ZoneOffset.UTC;
        }
        if (n != i + 6 || s.charAt(i + 3) != ':') {
            return null;
        }
        char sign = s.charAt(i);
        int hours = digits(s, i + 1, i + 3);
        int minutes = digits(s, i + 4, i + 6);
        if ((sign != '+' && sign != '-') || hours < 0 || minutes < 0) {
            return null;
        }
        try {
            return sign == '+' ? ZoneOffset.ofHoursMinutes(hours, minutes) : ZoneOffset.ofHoursMinutes(-hours, -minutes);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The number the digits from {@code from} to {@code to} write; -1 when one is not a digit. */
    private static int digits(String s, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
