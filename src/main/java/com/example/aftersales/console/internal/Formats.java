package com.example.aftersales.console.internal;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Locale;

import org.springframework.context.MessageSource;

import com.example.aftersales.policy.facts.Amounts;

/**
 * Times and money on the console's pages, one way everywhere ({@code ${fmt.time(c.receivedAt)}},
 * {@code ${fmt.money(f.directLossCny)}}): times in the console's zone ({@code aftersales.followup.zone}, China time by
 * default) as {@code 2026-11-29 20:51}, the zone named once in every page's header ({@link #zoneName()}); money as
 * {@code ¥92,050} in Chinese and {@code CNY 92,050} in English ({@link Amounts}).
 */
public final class Formats {

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final String NONE = "—";

    private final Locale locale;
    private final ZoneId zone;
    private final String zoneName;

    Formats(Locale locale, ZoneId zone, MessageSource messages) {
        this.locale = locale;
        this.zone = zone;
        String offset = offset(zone.getRules().getOffset(Instant.now()));
        String name = messages.getMessage("zone.name." + zone.getId(), null,
                zone.getDisplayName(TextStyle.FULL, locale), locale);
        this.zoneName = messages.getMessage("zone.named", new Object[] {name, offset}, name + " (" + offset + ")", locale);
    }

    /**
     * The moment in the console's zone, to the minute; a dash for none. A moment as a value
     * ({@code OffsetDateTime}, {@code ZonedDateTime}, {@code Instant}) or as ISO 8601 text with its offset (a replay's
     * stored changes); other text as it is.
     */
    public String time(Object at) {
        return format(at, MINUTES);
    }

    /** The moment in the console's zone, to the second; a dash for none. */
    public String seconds(Object at) {
        return format(at, SECONDS);
    }

    private String format(Object at, DateTimeFormatter pattern) {
        Instant instant = instant(at);
        return at == null ? NONE : instant == null ? at.toString() : pattern.format(instant.atZone(zone));
    }

    private static Instant instant(Object at) {
        if (at instanceof OffsetDateTime t) return t.toInstant();
        if (at instanceof java.time.ZonedDateTime t) return t.toInstant();
        if (at instanceof Instant t) return t;
        if (at instanceof java.util.Date t) return t.toInstant();
        if (at instanceof CharSequence text) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (java.time.format.DateTimeParseException e) {
                return null;
            }
        }
        return null;
    }

    /** The amount in CNY in the page's language ({@code ¥92,050} / {@code CNY 92,050}); a dash for none. */
    public String money(BigDecimal cny) {
        return cny == null ? NONE : Amounts.in(cny, locale);
    }

    /** The zone every time is shown in, named: {@code 北京时间（UTC+8）} / {@code China time (UTC+8)}. */
    public String zoneName() {
        return zoneName;
    }

    /** The zone's id ({@code Asia/Shanghai}), for a {@code datetime} attribute or a form. */
    public ZoneId zone() {
        return zone;
    }

    private static String offset(ZoneOffset offset) {
        int seconds = offset.getTotalSeconds();
        if (seconds == 0) {
            return "UTC";
        }
        int minutes = Math.abs(seconds) / 60;
        return "UTC" + (seconds < 0 ? "-" : "+") + minutes / 60 + (minutes % 60 == 0 ? "" : String.format(":%02d", minutes % 60));
    }
}
