package com.example.aftersales.console.internal;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/** A moment typed into a console form: a browser's date and time (in the follow-up zone) or with its offset. */
final class Moments {

    private Moments() {
    }

    /** Null when blank; a {@link BadInput} naming the field when it is not a moment. */
    static OffsetDateTime parse(String field, String text, ZoneId zone) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String value = text.trim();
        try {
            return OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(value).atZone(zone).toOffsetDateTime();
            } catch (DateTimeParseException e2) {
                throw new BadInput("console.notDateTime", value, field);
            }
        }
    }

    /** The value for an {@code <input type="datetime-local">}: the moment's local time in the zone. */
    static String local(OffsetDateTime at, ZoneId zone) {
        return at.atZoneSameInstant(zone).toLocalDateTime().withNano(0).toString();
    }
}
