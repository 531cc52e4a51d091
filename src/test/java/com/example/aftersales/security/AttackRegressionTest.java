package com.example.aftersales.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpCookie;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import com.example.aftersales.rulesets.HostileWorkbooks;
import com.example.aftersales.BothDatabases;

/**
 * The attacks of the hardening audit (issue 13), kept as regression tests against the running service over real
 * HTTP (Tomcat, Spring Security's firewall and multipart parsing are part of what is tested): malformed uploads and
 * JSON are 4xx in words that name no Java class, path tricks never reach a handler nor answer Tomcat's page, console
 * POSTs need their CSRF token, the session id changes at login, an uploaded workbook's external entity is never
 * resolved, and SQL metacharacters in every filter match nothing more than the honest filter. The access matrix is
 * AccessControlTest's; zip bombs and nested entities are HostileWorkbookTest's. Only the SQL injection runs on
 * PostgreSQL too ({@link BothDatabases} on the method): the other attacks are refused before any statement, or reach
 * statements that the API tests run on both databases (drafts, imports, accounts at login).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"aftersales.security.admin-password=" + AttackRegressionTest.ADMIN_PASSWORD,
                "aftersales.test.database=attacks"})
@ActiveProfiles("test")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AttackRegressionTest {

    static final String ADMIN_PASSWORD = "attack-admin-password";
    private static final String ANALYST = "analyst-" + UUID.randomUUID().toString().substring(0, 6);
    private static final String ANALYST_PASSWORD = "analyst-password-2026";
    /** Words that would give away the server's insides. */
    private static final List<String> INSIDES = List.of("com.example", "tools.jackson", "org.apache", "org.springframework",
            "java.lang", "Exception", "Tomcat", "`");
    private static final List<String> UPLOADS = List.of("/api/rulesets/drafts", "/api/replays", "/api/cases/import");

    @LocalServerPort
    int port;
    @Autowired
    JsonMapper json;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void analyst() throws Exception {
        HttpResponse<String> created = send(post("/api/admin/users", "application/json", json.writeValueAsBytes(Map.of(
                "username", ANALYST, "password", ANALYST_PASSWORD, "roles", List.of("ANALYST")))).build());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    // --- malformed requests ---

    @Test
    @DisplayName("a NUL or other control character in a multipart file name answers 400 problem+json in words on every upload address")
    void controlCharacterInAFileName() throws Exception {
        for (String path : UPLOADS) {
            for (String language : List.of("en", "zh-CN")) {
                HttpResponse<String> answer = send(post(path, "multipart/form-data; boundary=XX",
                        multipart("XX", path.endsWith("import") ? "file" : "files", "rules/a\u0000b.drl", "x"))
                        .header("Accept-Language", language).build());
                JsonNode problem = problem(answer, 400);
                assertThat(problem.get("detail").asString()).as(path)
                        .contains(language.equals("en") ? "control character" : "控制字符").contains("U+0000").contains("aU+0000b.drl");
            }
        }
    }

    @Test
    @DisplayName("multipart without a boundary, or cut short, answers 400 problem+json in words on every upload address")
    void multipartWithoutBoundaryOrCutShort() throws Exception {
        for (String path : UPLOADS) {
            JsonNode problem = problem(send(post(path, "multipart/form-data", "abc".getBytes(StandardCharsets.UTF_8)).build()), 400);
            assertThat(problem.get("detail").asString()).as(path).contains("boundary");
            byte[] whole = multipart("XX", "files", "a.csv", "x".repeat(100));
            byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 20);
            HttpResponse<String> answer = send(post(path, "multipart/form-data; boundary=XX", cut).build());
            assertThat(answer.statusCode()).as(path + " " + answer.body()).isBetween(400, 499);
            assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            noInsides(answer.body());
        }
    }

    @Test
    @DisplayName("the console's upload form: a control character in a file name answers its error page in words, 400")
    void controlCharacterInAConsoleUpload() throws Exception {
        Session session = login("admin", ADMIN_PASSWORD);
        HttpResponse<String> page = send(session.post("/console/rulesets/drafts", "multipart/form-data; boundary=XX",
                multipart("XX", "files", "rules/a\u0000b.drl", "x")).build());
        assertThat(page.statusCode()).as(page.body()).isEqualTo(400);
        assertThat(page.body()).contains("control character").contains("aU+0000b.drl");
        noInsides(page.body());
    }

    @Test
    @DisplayName("a body of the wrong type answers 415 in words naming what was sent and what is taken")
    void wrongContentType() throws Exception {
        JsonNode problem = problem(send(post("/api/cases", "text/plain", "{}".getBytes(StandardCharsets.UTF_8)).build()), 415);
        assertThat(problem.get("detail").asString()).contains("text/plain").contains("application/json");
        JsonNode chinese = problem(send(post("/api/cases/import", "application/json", "{}".getBytes(StandardCharsets.UTF_8))
                .header("Accept-Language", "zh-CN").build()), 415);
        assertThat(chinese.get("detail").asString()).contains("application/json").contains("multipart/form-data").contains("此地址接收");
    }

    @Test
    @DisplayName("a body that is not JSON answers 400 naming the line, the column and the field reached; a wrong shape names no Java type")
    void notJson() throws Exception {
        JsonNode broken = problem(sendJson("/api/cases", "{\n  \"product\": {\"code\": tru"), 400);
        assertThat(broken.get("detail").asString()).contains("line 2, column").contains("product.code");
        JsonNode cut = problem(sendJson("/api/cases", "{\"externalRef\": \"A\""), 400);
        assertThat(cut.get("detail").asString()).contains("ends before the JSON is complete");
        JsonNode array = problem(sendJson("/api/cases", "[1, 2]"), 400);
        assertThat(array.get("detail").asString()).isEqualTo("The body must be a JSON object ({…}).");
        JsonNode field = problem(sendJson("/api/cases", caseJson(c -> c.put("product", "EX-200"))), 400);
        assertThat(field.at("/errors/0/field").asString()).isEqualTo("product");
        assertThat(field.at("/errors/0/message").asString()).isEqualTo("must be a JSON object ({…}) with its fields");
        JsonNode enumValue = problem(sendJson("/api/cases", caseJson(c -> c.put("channel", "CARRIER_PIGEON"))), 400);
        assertThat(enumValue.at("/errors/0/field").asString()).isEqualTo("channel");
        assertThat(enumValue.at("/errors/0/message").asString()).contains("MARKETING_BRANCH");
    }

    @Test
    @DisplayName("a key given twice is refused, 400 naming the key, and nothing is recorded")
    void duplicateKeys() throws Exception {
        String ref = "DUP-" + UUID.randomUUID();
        String twice = caseJson(c -> c.put("externalRef", ref)).replaceFirst("\\{", "{\"batchNumber\": \"B-FIRST\", ");
        JsonNode problem = problem(sendJson("/api/cases", twice), 400);
        assertThat(problem.get("detail").asString()).contains("batchNumber").contains("twice");
        assertThat(problem.at("/errors/0/field").asString()).isEqualTo("batchNumber");
        String nested = caseJson(c -> c.put("externalRef", ref)).replace("\"code\":\"EX-200\"", "\"code\":\"EX-200\",\"code\":\"EX-999\"");
        assertThat(nested).contains("EX-999");
        JsonNode inProduct = problem(sendJson("/api/cases", nested), 400);
        assertThat(inProduct.at("/errors/0/field").asString()).isEqualTo("product.code");
        assertThat(sendJson("/api/cases", caseJson(c -> c.put("externalRef", ref))).statusCode())
                .as("control: once is fine, and nothing was recorded under the reference before (else 409)").isEqualTo(201);
    }

    @Test
    @DisplayName("a JSON body over the limit answers 413 problem+json, also when sent without a length (chunked)")
    void oversizedJson() throws Exception {
        byte[] big = caseJson(c -> ((ObjectNode) c.get("problem")).put("description", "x".repeat(1_200_000))).getBytes(StandardCharsets.UTF_8);
        problem(send(post("/api/cases", "application/json", big).build()), 413);
        HttpRequest chunked = request("/api/cases").header("Content-Type", "application/json")
                .header("Authorization", "Basic " + basic("admin", ADMIN_PASSWORD))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))).build();
        problem(send(chunked), 413);
    }

    @Test
    @DisplayName("a file that is no workbook (a zip without its content types, garbage) is refused in words in both languages, naming no parser class")
    void unreadableWorkbooksInWords() throws Exception {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(zip)) {
            out.putNextEntry(new java.util.zip.ZipEntry("hello.txt"));
            out.write("x".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        for (byte[] notAWorkbook : List.of(zip.toByteArray(), "PK\u0003\u0004garbage".getBytes(StandardCharsets.ISO_8859_1))) {
            HttpResponse<String> draft = send(post("/api/rulesets/drafts", "multipart/form-data; boundary=XX",
                    multipart("XX", "files", HostileWorkbooks.MAJOR, notAWorkbook)).build());
            assertThat(draft.statusCode()).as(draft.body()).isEqualTo(201);
            JsonNode error = json.readTree(draft.body()).at("/validation/errors/0");
            assertThat(error.at("/messages/en").asString()).matches("(cannot be read as an Excel workbook|not a readable \\.xlsx file).+");
            assertThat(error.at("/messages/zh").asString()).matches("(无法作为 Excel 工作簿|不是可以读取的 \\.xlsx 文件).+");
            noInsides(draft.body());
            for (String language : List.of("en", "zh-CN")) {
                JsonNode problem = problem(send(post("/api/cases/import", "multipart/form-data; boundary=XX",
                        multipart("XX", "file", "cases.xlsx", notAWorkbook)).header("Accept-Language", language).build()), 400);
                assertThat(problem.get("detail").asString()).contains(language.equals("en") ? "Office Open XML" : "Office Open XML 文件包");
            }
        }
    }

    // --- path tricks ---

    @Test
    @DisplayName("path tricks on the API answer 400 or 404 (403 where the role may not) problem+json in words, never Tomcat's page, a 5xx or the resource")
    void pathTricksOnTheApi() throws Exception {
        List<String> tricks = List.of("/api//rulesets", "/api/rulesets%2Fx", "/api%2Frulesets", "/api/rulesets;jsessionid=abc",
                "/api/rulesets/../rulesets", "/api/../api/rulesets", "/api/rulesets/.", "/api/rulesets.", "/api/rulesets/abc.",
                "/api/%2e%2e/api/rulesets", "/api/rulesets%00", "/api/rulesets/%2e", "/api/rulesets%5c", "/api/rulesets\\",
                "/api/rulesets/%25", "/api/cases/1%0a", "/api/rulesets/.%2e/", "/api/cases/1;", "/api/cases/1%3b",
                "/api/cases/%ff", "/api/admin/users%2f", "/api/admin//users", "/api/admin/./users", "/api/admin/users;x=1");
        List<String> wrong = new ArrayList<>();
        for (String trick : tricks) {
            Raw answer = raw("GET", trick, "Authorization: Basic " + basic(ANALYST, ANALYST_PASSWORD));
            if (!List.of(400, 403, 404).contains(answer.status()) || !answer.contentType().startsWith("application/problem+json")
                    || answer.body().contains("<html") || answer.body().contains("Tomcat")
                    || !json.readTree(answer.body()).has("detail")) {
                wrong.add(trick + " -> " + answer.status() + " " + answer.contentType() + " " + answer.body());
            }
        }
        assertThat(wrong).as("tricks answered otherwise").isEmpty();
        Raw chinese = raw("GET", "/api//rulesets", "Accept-Language: zh-CN");
        assertThat(json.readTree(chinese.body()).get("detail").asString()).contains("地址无效".substring(0, 2));
        Raw honest = raw("GET", "/api/admin/users", "Authorization: Basic " + basic(ANALYST, ANALYST_PASSWORD));
        assertThat(honest.status()).as("control: the analyst may not list users").isEqualTo(403);
    }

    @Test
    @DisplayName("path tricks on the console answer 400 or 404, never a 5xx, Tomcat's page or the page itself")
    void pathTricksOnTheConsole() throws Exception {
        Session session = login("admin", ADMIN_PASSWORD);
        for (String trick : List.of("/console//cases", "/console/cases;x=1", "/console/%2e%2e/console", "/console/cases%2F1",
                "/console/cases%00", "/console/./cases", "/console/cases/..;/rulesets")) {
            Raw answer = raw("GET", trick, "Cookie: " + session.cookie(), "Accept: text/html");
            assertThat(answer.status()).as(trick + " " + answer.body()).isIn(400, 404);
            assertThat(answer.body()).as(trick).doesNotContain("Apache Tomcat").doesNotContain("id=\"cases\"");
        }
    }

    // --- sessions and CSRF ---

    @Test
    @DisplayName("every console POST without its CSRF token answers 403; with it, the same request is let through")
    void csrfOnEveryConsolePost() throws Exception {
        Session session = login("admin", ADMIN_PASSWORD);
        List<String> posts = List.of("/console/rulesets/drafts", "/console/rulesets/abc/scenarios/accept",
                "/console/rulesets/abc/activate", "/console/rulesets/abc/impact", "/console/replays",
                "/console/rulesets/abc/activation-requests", "/console/rulesets/activation-requests/1/approve",
                "/console/rulesets/activation-requests/1/reject",
                "/console/replays/1/cancel", "/console/cases/1/events", "/logout");
        for (String path : posts) {
            HttpResponse<String> answer = send(request(path).header("Cookie", session.cookie())
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("a=b")).build());
            assertThat(answer.statusCode()).as(path).isEqualTo(403);
            HttpResponse<String> wrongToken = send(request(path).header("Cookie", session.cookie()).header(session.csrfHeader(), "forged")
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("a=b")).build());
            assertThat(wrongToken.statusCode()).as(path + " with a forged token").isEqualTo(403);
        }
        HttpResponse<String> withToken = send(session.post("/console/replays/999999/cancel", "application/x-www-form-urlencoded",
                "a=b".getBytes(StandardCharsets.UTF_8)).build());
        assertThat(withToken.statusCode()).as("control: with the token").isNotEqualTo(403);
        assertThat(send(request("/console").header("Cookie", session.cookie()).GET().build()).statusCode())
                .as("the session is still signed in").isEqualTo(200);
    }

    @Test
    @DisplayName("session fixation: the session id before login is not the one after, and it is not signed in")
    void sessionIdChangesAtLogin() throws Exception {
        HttpResponse<String> form = send(request("/login").GET().build());
        String before = cookie(form, "JSESSIONID");
        assertThat(before).as("the login page opens a session for its CSRF token").isNotNull();
        String token = hidden(form.body(), "_csrf");
        HttpResponse<String> login = send(request("/login").header("Cookie", "JSESSIONID=" + before)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("username", ANALYST, "password", ANALYST_PASSWORD, "_csrf", token)))).build());
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location").orElse("")).doesNotContain("error");
        String after = cookie(login, "JSESSIONID");
        assertThat(after).as("a new session id at login").isNotNull().isNotEqualTo(before);
        assertThat(send(request("/console").header("Cookie", "JSESSIONID=" + after).GET().build()).statusCode()).isEqualTo(200);
        assertThat(send(request("/console").header("Cookie", "JSESSIONID=" + before).GET().build()).statusCode())
                .as("the fixed id is not signed in").isEqualTo(302);
    }

    // --- XXE ---

    @Test
    @DisplayName("XXE: a workbook declaring an external entity (a file, an address) is refused; the file is not read, the address not called")
    void externalEntitiesInWorkbooks() throws Exception {
        String secret = "SECRET-" + UUID.randomUUID();
        Path file = Files.writeString(Files.createTempFile("xxe", ".txt"), secret);
        try (ServerSocket listener = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            AtomicInteger calls = new AtomicInteger();
            Thread accept = new Thread(() -> {
                while (!listener.isClosed()) {
                    try (Socket s = listener.accept()) {
                        calls.incrementAndGet();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            accept.setDaemon(true);
            accept.start();
            String address = "http://127.0.0.1:" + listener.getLocalPort() + "/xxe";
            for (String systemId : List.of(file.toUri().toString(), address)) {
                byte[] table = HostileWorkbooks.externalEntity(HostileWorkbooks.shipped(HostileWorkbooks.MAJOR), "xl/sharedStrings.xml", systemId);
                HttpResponse<String> draft = send(post("/api/rulesets/drafts", "multipart/form-data; boundary=XX",
                        multipart("XX", "files", HostileWorkbooks.MAJOR, table)).build());
                assertThat(draft.statusCode()).as(draft.body()).isIn(201, 400, 422);
                assertThat(draft.body()).doesNotContain(secret);
                if (draft.statusCode() == 201) {
                    assertThat(json.readTree(draft.body()).at("/validation/valid").asBoolean()).as(draft.body()).isFalse();
                }
                byte[] imported = HostileWorkbooks.externalEntity(importWorkbook(), "xl/sharedStrings.xml", systemId);
                HttpResponse<String> answer = send(post("/api/cases/import", "multipart/form-data; boundary=XX",
                        multipart("XX", "file", "cases.xlsx", imported)).build());
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
                assertThat(answer.body()).doesNotContain(secret);
                noInsides(answer.body());
            }
            Thread.sleep(300);
            assertThat(calls.get()).as("connections to the entity's address").isZero();
            listener.close();
            accept.join(2000);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    // --- SQL injection in every filter ---

    @Test
    @BothDatabases
    @DisplayName("SQL injection: metacharacters in every filter of the API and the console answer 400 in words or match nothing more than the honest filter")
    void sqlInjectionInEveryFilter() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 6).toUpperCase();
        String product = "SQLI-" + tag;
        String unit = "USQL" + tag;
        List<String> refs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String ref = "SQLI" + tag + "-" + i;
            refs.add(ref);
            HttpResponse<String> created = sendJson("/api/cases", caseJson(c -> {
                c.put("externalRef", ref);
                ((ObjectNode) c.get("product")).put("code", product);
                ((ObjectNode) c.get("responsibleUnit")).put("code", unit);
            }));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        }
        Session session = login("admin", ADMIN_PASSWORD);
        // the honest filters find the cases: the pages below show them when they match
        String honest = send(session.get("/console/cases?product=" + enc(product))).body();
        assertThat(honest).contains(refs.get(0), refs.get(2));
        assertThat(send(session.get("/console/cases?ref=" + enc("SQLI" + tag))).body()).contains(refs.get(1));
        assertThat(send(session.get("/console/cases?unit=" + enc(unit))).body()).contains(refs.get(1));

        List<String> payloads = List.of("' or 1=1 --", "' OR '1'='1", "%", "_", "\\", "%' --", "SQLI" + tag.charAt(0) + "%",
                "\u2019 or 1=1 --", "\u02bc or \u02bc1\u02bc=\u02bc1", "\"; drop table case_record; --", "' union select null --",
                "SQLI_" + tag.substring(1), "\\%", "\u0000", "' || (select 1) || '");
        List<String> wrong = new ArrayList<>();
        for (String p : payloads) {
            String e = enc(p);
            List<String> mustNotShow = refs;
            for (String page : List.of("/console/cases?product=" + e, "/console/cases?unit=" + e, "/console/cases?ref=" + e,
                    "/console/cases?decisionType=" + e + "&decisionValue=" + e, "/console/cases?from=" + e,
                    "/console/followup?unit=" + e, "/console/followup?at=" + e, "/console/orders?status=" + e,
                    "/console/orders?notices=" + e, "/console/reports/monthly?month=" + e, "/console/replays/1/changes?type=" + e)) {
                HttpResponse<String> answer = send(session.get(page));
                if (answer.statusCode() >= 500 || (answer.statusCode() != 200 && answer.statusCode() != 400 && answer.statusCode() != 404)
                        || mustNotShow.stream().anyMatch(answer.body()::contains)) {
                    wrong.add(page + " -> " + answer.statusCode());
                }
            }
            for (String call : List.of("/api/followup/overdue?at=2100-01-01T00:00:00Z&unit=" + e, "/api/followup/due?unit=" + e,
                    "/api/rectification-orders?status=" + e, "/api/notices?status=" + e, "/api/notices?from=" + e,
                    "/api/reports/monthly/" + e, "/api/replays/1/changes?page=" + e, "/api/cases/" + e)) {
                HttpResponse<String> answer = send(get(call).build());
                boolean inWords = answer.statusCode() == 200 || answer.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json");
                if (answer.statusCode() >= 500 || !inWords || mustNotShow.stream().anyMatch(answer.body()::contains)
                        || INSIDES.stream().anyMatch(answer.body()::contains)) {
                    wrong.add(call + " -> " + answer.statusCode() + " " + answer.body().substring(0, Math.min(300, answer.body().length())));
                }
            }
        }
        assertThat(wrong).as("filters that answered a 5xx, not in words, or more than the honest filter").isEmpty();
        JsonNode nul = problem(send(get("/api/followup/due?unit=U%00X").build()), 400);
        assertThat(nul.get("detail").asString()).isEqualTo("The parameter unit contains a control character (U+0000).");
        assertThat(send(session.get("/console/cases?ref=A%00")).statusCode()).isEqualTo(400);
        // the table is still there and whole
        assertThat(send(session.get("/console/cases?product=" + enc(product))).body()).contains(refs.get(0), refs.get(1), refs.get(2));
    }

    // --- helpers ---

    private record Session(String id, String csrf, String csrfHeader, String base) {
        String cookie() {
            return "JSESSIONID=" + id;
        }

        HttpRequest get(String path) {
            return HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie()).timeout(Duration.ofSeconds(60)).GET().build();
        }

        HttpRequest.Builder post(String path, String contentType, byte[] body) {
            return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).header("Cookie", cookie())
                    .header(csrfHeader, csrf).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        }
    }

    private Session login(String user, String password) throws Exception {
        HttpResponse<String> form = send(request("/login").GET().build());
        String before = cookie(form, "JSESSIONID");
        HttpResponse<String> login = send(request("/login").header("Cookie", "JSESSIONID=" + before)
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(
                        form(Map.of("username", user, "password", password, "_csrf", hidden(form.body(), "_csrf"))))).build());
        assertThat(login.statusCode()).isEqualTo(302);
        String id = cookie(login, "JSESSIONID");
        HttpResponse<String> home = send(request("/console").header("Cookie", "JSESSIONID=" + id).GET().build());
        assertThat(home.statusCode()).as(home.body()).isEqualTo(200);
        return new Session(id, meta(home.body(), "_csrf"), meta(home.body(), "_csrf_header"), "http://127.0.0.1:" + port);
    }

    private static String meta(String page, String name) {
        Matcher m = Pattern.compile("<meta name=\"" + name + "\" content=\"([^\"]+)\"").matcher(page);
        assertThat(m.find()).as("meta " + name).isTrue();
        return m.group(1);
    }

    private static String hidden(String page, String name) {
        Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]+)\"").matcher(page);
        assertThat(m.find()).as("hidden " + name).isTrue();
        return m.group(1);
    }

    private static String cookie(HttpResponse<?> response, String name) {
        for (String header : response.headers().allValues("Set-Cookie")) {
            for (HttpCookie c : HttpCookie.parse(header)) {
                if (c.getName().equals(name)) return c.getValue();
            }
        }
        return null;
    }

    private static String form(Map<String, String> fields) {
        return String.join("&", fields.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).toList());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(60));
    }

    private HttpRequest.Builder get(String path) {
        return request(path).header("Authorization", "Basic " + basic("admin", ADMIN_PASSWORD)).GET();
    }

    private HttpRequest.Builder post(String path, String contentType, byte[] body) {
        return request(path).header("Authorization", "Basic " + basic("admin", ADMIN_PASSWORD)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }

    private HttpResponse<String> sendJson(String path, String body) throws Exception {
        return send(post(path, "application/json", body.getBytes(StandardCharsets.UTF_8)).build());
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String basic(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The answer is the status as problem+json in words, naming nothing of the server's insides. */
    private JsonNode problem(HttpResponse<String> answer, int status) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).as(answer.body()).startsWith("application/problem+json");
        noInsides(answer.body());
        JsonNode problem = json.readTree(answer.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asString()).isNotBlank();
        return problem;
    }

    private static void noInsides(String body) {
        for (String inside : INSIDES) {
            assertThat(body).as("names no class, package or server").doesNotContain(inside);
        }
    }

    private String caseJson(java.util.function.Consumer<ObjectNode> change) throws IOException {
        ObjectNode data = (ObjectNode) json.readTree(Files.readString(Path.of("docs/examples/case.json")));
        data.put("externalRef", "ATK-" + UUID.randomUUID());
        change.accept(data);
        return json.writeValueAsString(data);
    }

    private static byte[] multipart(String boundary, String name, String filename, String content) {
        return multipart(boundary, name, filename, content.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] multipart(String boundary, String name, String filename, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(content);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** An import workbook with a header row and one text cell, its strings in xl/sharedStrings.xml. */
    private static byte[] importWorkbook() throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            var row = wb.createSheet("cases").createRow(0);
            row.createCell(0).setCellValue("externalRef");
            row.createCell(1).setCellValue("receivedAt");
            wb.getSheetAt(0).createRow(1).createCell(0).setCellValue("X-1");
            wb.write(out);
            return out.toByteArray();
        }
    }

    private record Raw(int status, String contentType, String body) {
    }

    /** A request written byte for byte: the path goes to the server as it is, without a client's normalising. */
    private Raw raw(String method, String path, String... headers) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
            for (String h : headers) request.append(h).append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            try {
                in.transferTo(all);
            } catch (SocketTimeoutException slow) {
                // keep what came
            }
            String text = all.toString(StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            String head = split < 0 ? text : text.substring(0, split);
            String body = split < 0 ? "" : text.substring(split + 4);
            if (head.toLowerCase().contains("transfer-encoding: chunked")) body = dechunk(body);
            String contentType = head.lines().filter(l -> l.toLowerCase().startsWith("content-type:"))
                    .map(l -> l.substring(13).trim()).findFirst().orElse("");
            return new Raw(Integer.parseInt(head.substring(9, 12)), contentType, body);
        }
    }

    private static String dechunk(String body) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < body.length()) {
            int eol = body.indexOf("\r\n", i);
            if (eol < 0) break;
            int size = Integer.parseInt(body.substring(i, eol).trim(), 16);
            if (size == 0) break;
            // sizes count bytes; the bodies here are ASCII or small UTF-8, so count by bytes
            byte[] rest = body.substring(eol + 2).getBytes(StandardCharsets.UTF_8);
            String chunk = new String(rest, 0, Math.min(size, rest.length), StandardCharsets.UTF_8);
            out.append(chunk);
            i = eol + 2 + chunk.length() + 2;
        }
        return out.toString();
    }
}
