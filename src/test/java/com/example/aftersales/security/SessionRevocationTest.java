package com.example.aftersales.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ActiveProfiles;
import com.example.aftersales.BothDatabases;

/**
 * A console session ends with its account: when the person is disabled, their password is reset or changed, or their
 * roles change, the very next request of the session is refused, also when the change is made on another instance
 * on the same database. The session id changes at sign-in, and a signed-out session is dead.
 */
@BothDatabases
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "aftersales.security.admin-password=" + SessionRevocationTest.ADMIN_PASSWORD, "aftersales.test.database=sessions"})
@ActiveProfiles("test")
class SessionRevocationTest {

    static final String ADMIN_PASSWORD = "first-admin-password";
    private static final String PASSWORD = "a-long-enough-password";
    private static final String ADMIN = Http.basic("admin", ADMIN_PASSWORD);

    /** The second instance, on this test's database: started once, for every test here. */
    private static ConfigurableApplicationContext second;

    @LocalServerPort
    int port;

    private Http a;
    private Http b;

    @BeforeEach
    void bothInstances() {
        if (second == null) {
            second = Http.secondInstance(java.util.List.of("aftersales.test.database=sessions"));
        }
        a = new Http(port);
        b = new Http(Http.port(second));
    }

    @AfterAll
    static void stopTheSecondInstance() {
        Http.stop(second);
        second = null;
    }

    @Test
    @DisplayName("disabled on the other instance: the console session is refused at its next request, page or form")
    void disablingEndsTheSessionOnEveryInstance() {
        String name = person("QUALITY_MANAGER");
        Http browser = signedIn(name);
        String token = Http.csrf(browser.get("/console/rulesets").body());

        assertThat(b.json("POST", "/api/admin/users/" + name + "/disable", "", "Authorization", ADMIN).statusCode()).isEqualTo(204);

        HttpResponse<String> upload = browser.form("/console/rulesets/drafts", Map.of("_csrf", token, "comment", "after disable"));
        assertThat(upload.statusCode()).as("a form of the ended session").isEqualTo(302);
        assertThat(Http.location(upload)).endsWith("/login?expired");
        assertRefused(browser);
        assertThat(a.get("/api/me", "Authorization", Http.basic(name, PASSWORD)).statusCode())
                .as("HTTP Basic checks the account at every request").isEqualTo(401);
    }

    @Test
    @DisplayName("disabled on the same instance: refused at once")
    void disablingOnTheSameInstanceEndsTheSession() {
        String name = person("AUDITOR");
        Http browser = signedIn(name);

        assertThat(a.json("POST", "/api/admin/users/" + name + "/disable", "", "Authorization", ADMIN).statusCode()).isEqualTo(204);

        HttpResponse<String> next = browser.get("/console/cases");
        assertThat(next.statusCode()).isEqualTo(302);
        assertThat(Http.location(next)).endsWith("/login?expired");
        assertThat(browser.get("/login?expired").body()).contains("Your session has ended");
        assertRefused(browser);
    }

    @Test
    @DisplayName("password reset by the administrator on the other instance: the old session is refused")
    void anAdministratorsPasswordResetEndsTheSession() {
        String name = person("ANALYST");
        Http browser = signedIn(name);

        assertThat(b.json("POST", "/api/admin/users/" + name + "/password", "{\"password\": \"another-long-password\"}",
                "Authorization", ADMIN).statusCode()).isEqualTo(204);

        assertThat(Http.location(browser.get("/console/cases"))).endsWith("/login?expired");
        assertRefused(browser);
        assertThat(Http.location(new Http(port).signIn(name, "another-long-password")))
                .as("the new password signs in").endsWith("/console");
    }

    @Test
    @DisplayName("own password changed through the API of the other instance: the console session is refused")
    void changingOnesOwnPasswordEndsTheSession() {
        String name = person("RULE_AUTHOR");
        Http browser = signedIn(name);

        assertThat(b.json("POST", "/api/me/password",
                "{\"currentPassword\": \"" + PASSWORD + "\", \"newPassword\": \"my-new-long-password\"}",
                "Authorization", Http.basic(name, PASSWORD)).statusCode()).isEqualTo(204);

        assertThat(Http.location(browser.get("/console/rulesets"))).endsWith("/login?expired");
        assertRefused(browser);
    }

    @Test
    @DisplayName("roles changed on the other instance: the session of the old roles is refused; a new one has the new roles")
    void changingRolesEndsTheSession() {
        String name = person("QUALITY_MANAGER");
        Http browser = signedIn(name);

        assertThat(b.json("PUT", "/api/admin/users/" + name + "/roles", "{\"roles\": [\"MONITORING\"]}",
                "Authorization", ADMIN).statusCode()).isEqualTo(204);

        assertThat(Http.location(browser.get("/console/rulesets"))).endsWith("/login?expired");
        assertRefused(browser);
        Http again = new Http(port);
        again.signIn(name, PASSWORD);
        assertThat(again.get("/console/rulesets").statusCode()).as("MONITORING may not use the console").isEqualTo(403);
        assertThat(a.get("/api/me", "Authorization", Http.basic(name, PASSWORD)).body()).contains("\"MONITORING\"")
                .doesNotContain("QUALITY_MANAGER");
    }

    @Test
    @DisplayName("a roles change without roles is refused 400, naming the field")
    void aRolesChangeNeedsRoles() {
        String name = person("AUDITOR");
        HttpResponse<String> refused = a.json("PUT", "/api/admin/users/" + name + "/roles", "{\"roles\": []}", "Authorization", ADMIN);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("\"roles\"");
        assertThat(a.json("PUT", "/api/admin/users/nobody-" + UUID.randomUUID() + "/roles", "{\"roles\": [\"AUDITOR\"]}",
                "Authorization", ADMIN).statusCode()).isEqualTo(404);
    }

    @Test
    @DisplayName("a change to one account leaves the sessions of the others alone")
    void othersKeepTheirSessions() {
        String kept = person("AUDITOR");
        String ended = person("AUDITOR");
        Http keeper = signedIn(kept);
        Http victim = signedIn(ended);

        b.json("POST", "/api/admin/users/" + ended + "/disable", "", "Authorization", ADMIN);

        assertThat(victim.get("/console/cases").statusCode()).isEqualTo(302);
        assertThat(keeper.get("/console/cases").statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("the session id changes at sign-in: the id held before (fixation) is not signed in")
    void signingInChangesTheSessionId() {
        String name = person("AUDITOR");
        Http browser = new Http(port);
        String token = Http.csrf(browser.get("/login").body());
        String before = browser.sessionId();
        assertThat(before).as("the login page's CSRF token lives in a session").isNotNull();

        HttpResponse<String> signIn = browser.form("/login", Map.of("username", name, "password", PASSWORD, "_csrf", token));
        assertThat(Http.location(signIn)).endsWith("/console");
        assertThat(browser.sessionId()).isNotNull().isNotEqualTo(before);
        assertThat(browser.get("/console/cases").statusCode()).isEqualTo(200);

        HttpResponse<String> fixed = a.get("/console/cases", "Cookie", "JSESSIONID=" + before);
        assertThat(fixed.statusCode()).isEqualTo(302);
        assertThat(Http.location(fixed)).endsWith("/login");
    }

    @Test
    @DisplayName("signing out ends the session: its id is refused afterwards")
    void signingOutEndsTheSession() {
        String name = person("AUDITOR");
        Http browser = signedIn(name);
        String session = browser.sessionId();
        String token = Http.csrf(browser.get("/console/cases").body());

        HttpResponse<String> out = browser.form("/logout", Map.of("_csrf", token));
        assertThat(out.statusCode()).isEqualTo(302);
        assertThat(Http.location(out)).endsWith("/login?logout");

        HttpResponse<String> replayed = a.get("/console/cases", "Cookie", "JSESSIONID=" + session);
        assertThat(replayed.statusCode()).isEqualTo(302);
        assertThat(Http.location(replayed)).endsWith("/login");
    }

    /** A new person with this role and {@link #PASSWORD}, created through the first instance. */
    private String person(String role) {
        String name = "p-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = a.json("POST", "/api/admin/users",
                "{\"username\": \"" + name + "\", \"password\": \"" + PASSWORD + "\", \"roles\": [\"" + role + "\"]}",
                "Authorization", ADMIN);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return name;
    }

    /** A browser signed in to the first instance's console, its session shown to work. */
    private Http signedIn(String name) {
        Http browser = new Http(port);
        assertThat(Http.location(browser.signIn(name, PASSWORD))).endsWith("/console");
        assertThat(browser.get("/console/cases").statusCode()).as("signed in").isEqualTo(200);
        return browser;
    }

    /** The session is gone: a console page sends the browser to the login page. */
    private static void assertRefused(Http browser) {
        HttpResponse<String> page = browser.get("/console/cases");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(Http.location(page)).contains("/login");
    }
}
