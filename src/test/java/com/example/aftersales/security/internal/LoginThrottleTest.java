package com.example.aftersales.security.internal;

import com.example.aftersales.security.Http;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.ActiveProfiles;

import io.micrometer.core.instrument.MeterRegistry;
import com.example.aftersales.BothDatabases;

/**
 * After 3 failed sign-ins of a name (here; 5 by default), or 8 from one address, sign-in is refused for a minute
 * (429 with Retry-After on the API, in words on the login page), doubling with each further failure up to 4 minutes;
 * counted on the database, so across instances; the same for names with no account; API keys are never refused.
 * Time is the application's {@link Clock}, moved forward by the test.
 */
@BothDatabases
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        LoginThrottleTest.DATABASE, LoginThrottleTest.ADMIN_PASSWORD, LoginThrottleTest.MAX_FAILURES,
        LoginThrottleTest.MAX_PER_ADDRESS, LoginThrottleTest.LOCK_BASE, LoginThrottleTest.LOCK_MAX, LoginThrottleTest.FORGET})
@ActiveProfiles("test")
@ExtendWith(OutputCaptureExtension.class)
class LoginThrottleTest {

    static final String DATABASE = "aftersales.test.database=throttle";
    static final String ADMIN_PASSWORD = "aftersales.security.admin-password=first-admin-password";
    static final String MAX_FAILURES = "aftersales.security.login.max-failures=3";
    static final String MAX_PER_ADDRESS = "aftersales.security.login.max-failures-per-address=8";
    static final String LOCK_BASE = "aftersales.security.login.lock-base=1m";
    static final String LOCK_MAX = "aftersales.security.login.lock-max=4m";
    static final String FORGET = "aftersales.security.login.forget-after=10m";

    private static final String PASSWORD = "a-long-enough-password";
    private static final String ADMIN = Http.basic("admin", "first-admin-password");
    private static final MovingClock CLOCK = new MovingClock();

    /** One clock for both instances: the test moves it forward. */
    @TestConfiguration
    static class TestClock {
        @Bean
        @Primary
        Clock movingClock() {
            return CLOCK;
        }
    }

    private static ConfigurableApplicationContext second;

    @LocalServerPort
    int port;
    @Autowired
    MeterRegistry meters;
    @Autowired
    LoginThrottle throttle;
    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    private Http a;
    private Http b;

    @BeforeEach
    void bothInstancesWithCountsForgotten() {
        if (second == null) {
            second = Http.secondInstance(List.of(DATABASE, MAX_FAILURES, MAX_PER_ADDRESS, LOCK_BASE, LOCK_MAX, FORGET), TestClock.class);
        }
        a = new Http(port);
        b = new Http(Http.port(second));
        CLOCK.advance(Duration.ofHours(1)); // past forget-after: every earlier test's failures and locks are forgotten
    }

    @AfterAll
    static void stopTheSecondInstance() {
        Http.stop(second);
        second = null;
    }

    @Test
    @DisplayName("HTTP Basic: the 3rd wrong password is answered 429 with Retry-After; the right one is refused until the wait has passed")
    void basicIsLockedAfterTooManyFailures() {
        String name = person();
        assertThat(me(a, name, "wrong-1").statusCode()).isEqualTo(401);
        assertThat(me(a, name, "wrong-2").statusCode()).isEqualTo(401);

        HttpResponse<String> locked = me(a, name, "wrong-3");
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.headers().firstValue("Retry-After")).hasValue("60");
        assertThat(locked.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(locked.body()).contains("\"type\":\"/problems/sign-in-locked\"")
                .contains("\"title\":\"Too many failed sign-ins\"")
                .contains("\"detail\":\"Too many failed sign-ins with this user name or from this address. Try again in 60 seconds.\"");

        assertThat(me(a, name, PASSWORD).statusCode()).as("the right password, locked").isEqualTo(429);
        CLOCK.advance(Duration.ofSeconds(59));
        HttpResponse<String> almost = me(a, name, PASSWORD);
        assertThat(almost.statusCode()).isEqualTo(429);
        assertThat(almost.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(almost.body()).contains("Try again in 1 second.");
        CLOCK.advance(Duration.ofSeconds(2));
        assertThat(me(a, name, PASSWORD).statusCode()).as("the wait has passed").isEqualTo(200);
    }

    @Test
    @DisplayName("the lock is said in Chinese when the request asks for it")
    void theLockInChinese() {
        String name = person();
        me(a, name, "wrong-1");
        me(a, name, "wrong-2");
        HttpResponse<String> locked = a.get("/api/me", "Authorization", Http.basic(name, "wrong-3"), "Accept-Language", "zh-CN");
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.body()).contains("\"title\":\"登录失败次数过多\"")
                .contains("\"detail\":\"该用户名或该地址的登录失败次数过多，请在 60 秒后再试。\"");
    }

    @Test
    @DisplayName("each failure after a lock doubles the lock, up to lock-max")
    void theLockDoublesUpToItsMaximum() {
        String name = person();
        List<String> waits = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waits.add(me(a, name, "wrong").headers().firstValue("Retry-After").orElse("none"));
        }
        for (int i = 0; i < 3; i++) {
            CLOCK.advance(Duration.ofSeconds(Long.parseLong(waits.get(waits.size() - 1)) + 1));
            waits.add(me(a, name, "wrong").headers().firstValue("Retry-After").orElse("none"));
        }
        assertThat(waits).containsExactly("none", "none", "60", "120", "240", "240");
    }

    @Test
    @DisplayName("the login form: the page says how long to wait (429, Retry-After), the right password is refused until then")
    void theLoginPageSaysHowLongToWait() {
        String name = person();
        Http browser = new Http(port);
        assertThat(Http.location(browser.signIn(name, "wrong-1"))).endsWith("/login?error");
        assertThat(Http.location(browser.signIn(name, "wrong-2"))).endsWith("/login?error");
        assertThat(Http.location(browser.signIn(name, "wrong-3"))).endsWith("/login?locked");

        HttpResponse<String> page = browser.get("/login?locked");
        assertThat(page.statusCode()).isEqualTo(429);
        assertThat(page.headers().firstValue("Retry-After")).hasValue("60");
        assertThat(page.body()).contains("Too many failed sign-ins with this name or from this address. Try again in 60 seconds.");

        assertThat(Http.location(browser.signIn(name, PASSWORD))).as("the right password, locked").endsWith("/login?locked");
        CLOCK.advance(Duration.ofSeconds(61));
        assertThat(Http.location(browser.signIn(name, PASSWORD))).endsWith("/console");
        assertThat(browser.get("/console/cases").statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("a lock of minutes is said in minutes, in Chinese too")
    void longerLocksInMinutes() {
        String name = person();
        for (int i = 0; i < 3; i++) {
            me(a, name, "wrong");
        }
        CLOCK.advance(Duration.ofSeconds(61));
        Http browser = new Http(port);
        assertThat(Http.location(browser.signIn(name, "wrong-4"))).endsWith("/login?locked");
        assertThat(browser.get("/login?locked").body()).contains("Try again in 2 minutes.");
        assertThat(browser.get("/login?locked", "Accept-Language", "zh-CN").body()).contains("请在 2 分钟后再试。");
    }

    @Test
    @DisplayName("failures are counted across instances: two on one, one on the other lock the name on both")
    void failuresAreCountedAcrossInstances() {
        String name = person();
        assertThat(me(a, name, "wrong-1").statusCode()).isEqualTo(401);
        assertThat(me(a, name, "wrong-2").statusCode()).isEqualTo(401);
        assertThat(me(b, name, "wrong-3").statusCode()).isEqualTo(429);
        assertThat(me(a, name, PASSWORD).statusCode()).isEqualTo(429);
        assertThat(me(b, name, PASSWORD).statusCode()).isEqualTo(429);
    }

    @Test
    @DisplayName("a name with no account gets the very same answers as one with an account: a lock says nothing of who exists")
    void anUnknownNameIsAnsweredAlike() {
        String known = person();
        String unknown = "p-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(answers(unknown)).isEqualTo(answers(known)).last().asString().startsWith("429 60 ");
    }

    @Test
    @DisplayName("API keys are not refused by a lock: neither of a name nor of the address they come from")
    void apiKeysAreNotLocked() {
        String name = person();
        HttpResponse<String> issued = a.json("POST", "/api/admin/api-keys", "{\"name\": \"crm-" + name + "\", \"roles\": [\"SYSTEM\"]}",
                "Authorization", ADMIN);
        String key = issued.body().replaceAll("(?s).*\"secret\":\"([^\"]+)\".*", "$1");
        assertThat(key).startsWith("ask_");
        double before = meters.counter("aftersales.login.locks", "by", "address").count();

        for (int i = 0; i < 3; i++) {
            me(a, name, "wrong");
        }
        for (int i = 0; i < 5; i++) {
            me(a, "p-" + UUID.randomUUID().toString().substring(0, 8), "wrong");
        }
        assertThat(a.get("/api/me", "Authorization", ADMIN).statusCode()).as("the address is locked, even for the administrator")
                .isEqualTo(429);
        assertThat(meters.counter("aftersales.login.locks", "by", "address").count()).isEqualTo(before + 1);

        HttpResponse<String> withKey = a.get("/api/me", "X-API-Key", key);
        assertThat(withKey.statusCode()).isEqualTo(200);
        assertThat(withKey.body()).contains("\"name\":\"key:crm-" + name + "\"");
    }

    @Test
    @DisplayName("a successful sign-in resets the name's count")
    void aSuccessResetsTheCount() {
        String name = person();
        me(a, name, "wrong-1");
        me(a, name, "wrong-2");
        assertThat(me(a, name, PASSWORD).statusCode()).isEqualTo(200);
        assertThat(me(a, name, "wrong-3").statusCode()).isEqualTo(401);
        assertThat(me(a, name, "wrong-4").statusCode()).isEqualTo(401);
        assertThat(me(a, name, "wrong-5").statusCode()).isEqualTo(429);
    }

    @Test
    @DisplayName("each lock is counted in aftersales.login.locks and logged once, without the password")
    void eachLockIsCountedAndLogged(CapturedOutput output) {
        String name = person();
        double before = meters.counter("aftersales.login.locks", "by", "user").count();
        for (int i = 0; i < 4; i++) {
            me(a, name, "guess-" + i + "-Tr0ub4dor");
        }
        assertThat(meters.counter("aftersales.login.locks", "by", "user").count()).isEqualTo(before + 1);
        assertThat(output.getAll()).contains("Sign-in locked for 60 s after 3 failures of the user name '" + name + "'")
                .doesNotContain("Tr0ub4dor");
    }

    @Test
    @DisplayName("counts and locks are deleted once forgotten: the table does not grow")
    void forgottenCountsAreDeleted() {
        me(a, person(), "wrong");
        assertThat(jdbc.sql("select count(*) from login_failure where last_failure_at >= ?")
                .param(java.time.OffsetDateTime.ofInstant(CLOCK.instant().minusSeconds(5), ZoneOffset.UTC))
                .query(Long.class).single()).as("the name's and the address's rows").isEqualTo(2);
        CLOCK.advance(Duration.ofMinutes(11));
        throttle.forgetOldFailures();
        assertThat(jdbc.sql("select count(*) from login_failure").query(Long.class).single()).isZero();
    }

    /** Three wrong passwords for a name: each answer's status, Retry-After and body. */
    private List<String> answers(String name) {
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> answer = me(a, name, "wrong-" + i);
            answers.add(answer.statusCode() + " " + answer.headers().firstValue("Retry-After").orElse("-") + " " + answer.body());
        }
        return answers;
    }

    private static HttpResponse<String> me(Http instance, String name, String password) {
        return instance.get("/api/me", "Authorization", Http.basic(name, password));
    }

    /** A new person (an auditor) with {@link #PASSWORD}. */
    private String person() {
        String name = "p-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = a.json("POST", "/api/admin/users",
                "{\"username\": \"" + name + "\", \"password\": \"" + PASSWORD + "\", \"roles\": [\"AUDITOR\"]}",
                "Authorization", ADMIN);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return name;
    }

    /** Now plus however far the test has moved it. */
    static final class MovingClock extends Clock {

        private volatile Duration ahead = Duration.ZERO;

        void advance(Duration by) {
            ahead = ahead.plus(by);
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(ahead);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
