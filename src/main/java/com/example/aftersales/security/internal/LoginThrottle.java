package com.example.aftersales.security.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Failed sign-ins per user name and per client address, kept in the database so that every instance counts them
 * (table {@code login_failure}). A sign-in costs one primary-key read; only a failure writes. Each statement commits
 * on its own: a failure is counted even when the sign-in's answer is an error.
 */
@Component
class LoginThrottle {

    private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);

    /** What the database says of a name and an address before the password is checked. */
    record State(Instant lockedUntil, boolean nameHasFailures) {
    }

    private record Subject(String hash, String kind, String shown, int threshold) {
    }

    private final JdbcClient jdbc;
    private final SecurityProperties.Login settings;
    private final Clock clock;
    private final Counter userLocks;
    private final Counter addressLocks;

    LoginThrottle(JdbcClient jdbc, SecurityProperties properties, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.settings = properties.login();
        this.clock = clock;
        this.userLocks = Counter.builder("aftersales.login.locks").tag("by", "user")
                .description("Sign-in locks set after too many failures").register(meters);
        this.addressLocks = Counter.builder("aftersales.login.locks").tag("by", "address")
                .description("Sign-in locks set after too many failures").register(meters);
    }

    Instant now() {
        return clock.instant();
    }

    /** Whether sign-in with this name from this address is refused now, and whether the name has failures to reset. */
    State state(String username, String address) {
        Subject user = user(username);
        Subject from = address(address);
        OffsetDateTime now = OffsetDateTime.ofInstant(now(), ZoneOffset.UTC);
        Instant[] lockedUntil = {null};
        boolean[] nameHasFailures = {false};
        jdbc.sql("select subject, locked_until from login_failure where subject in (?, ?)")
                .params(user.hash(), from == null ? user.hash() : from.hash())
                .query(rs -> {
                    OffsetDateTime until = rs.getObject("locked_until", OffsetDateTime.class);
                    if (until != null && until.isAfter(now)
                            && (lockedUntil[0] == null || until.toInstant().isAfter(lockedUntil[0]))) {
                        lockedUntil[0] = until.toInstant();
                    }
                    if (rs.getString("subject").equals(user.hash())) {
                        nameHasFailures[0] = true;
                    }
                });
        return new State(lockedUntil[0], nameHasFailures[0]);
    }

    /** Counts a failure of the name and of the address; the moment sign-in is allowed again when this failure locks. */
    Instant failed(String username, String address) {
        Instant now = now();
        Instant lockedUntil = null;
        for (Subject subject : address == null ? List.of(user(username)) : List.of(user(username), address(address))) {
            Instant until = count(subject, now);
            if (until != null && (lockedUntil == null || until.isAfter(lockedUntil))) {
                lockedUntil = until;
            }
        }
        return lockedUntil;
    }

    /** A successful sign-in: the name starts counting afresh (the address does not: it may be guessing other names). */
    void succeeded(String username) {
        jdbc.sql("delete from login_failure where subject = ?").param(user(username).hash()).update();
    }

    /** Forgets counts whose last failure is older than forget-after and whose lock has passed. */
    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
    void forgetOldFailures() {
        OffsetDateTime now = OffsetDateTime.ofInstant(now(), ZoneOffset.UTC);
        jdbc.sql("delete from login_failure where last_failure_at < ? and (locked_until is null or locked_until < ?)")
                .params(now.minus(settings.keepFor()), now).update();
    }

    private Instant count(Subject subject, Instant instant) {
        OffsetDateTime now = OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
        OffsetDateTime forgotten = now.minus(settings.keepFor());
        String increment = """
                update login_failure
                   set failures = case when last_failure_at < ? then 1 else failures + 1 end, last_failure_at = ?
                 where subject = ?""";
        if (jdbc.sql(increment).params(forgotten, now, subject.hash()).update() == 0) {
            try {
                jdbc.sql("insert into login_failure (subject, failures, last_failure_at) values (?, 1, ?)")
                        .params(subject.hash(), now).update();
            } catch (DuplicateKeyException e) {
                jdbc.sql(increment).params(forgotten, now, subject.hash()).update(); // another instance inserted first
            }
        }
        int failures = jdbc.sql("select failures from login_failure where subject = ?").param(subject.hash())
                .query(Integer.class).optional().orElse(1);
        if (failures < subject.threshold()) {
            return null;
        }
        java.time.Duration lock = settings.lockFor(failures, subject.threshold());
        OffsetDateTime until = now.plus(lock);
        // only the failure that sets the lock logs and counts it; concurrent ones find it set
        if (jdbc.sql("update login_failure set locked_until = ? where subject = ? and (locked_until is null or locked_until <= ?)")
                .params(until, subject.hash(), now).update() > 0) {
            (subject.kind().equals("user") ? userLocks : addressLocks).increment();
            log.warn("Sign-in locked for {} s after {} failures of the {} {}", lock.toSeconds(), failures,
                    subject.kind().equals("user") ? "user name" : "client address", subject.shown());
            return until.toInstant();
        }
        return jdbc.sql("select locked_until from login_failure where subject = ?").param(subject.hash())
                .query((rs, n) -> java.util.Optional.ofNullable(rs.getObject("locked_until", OffsetDateTime.class)))
                .optional().flatMap(set -> set).filter(set -> set.isAfter(now)).map(OffsetDateTime::toInstant)
                .orElse(null);
    }

    private Subject user(String username) {
        return new Subject(sha256("user:" + username), "user", shown(username), settings.maxFailures());
    }

    private Subject address(String address) {
        return address == null ? null
                : new Subject(sha256("address:" + address), "address", shown(address), settings.maxFailuresPerAddress());
    }

    /** A name as typed, quoted, cut short and without control characters: it goes into a log line. */
    private static String shown(String value) {
        String cut = value.length() > 100 ? value.substring(0, 100) + "…" : value;
        return "'" + cut.replaceAll("\\p{Cntrl}", "?") + "'";
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
