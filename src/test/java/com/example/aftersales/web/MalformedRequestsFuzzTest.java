package com.example.aftersales.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.example.aftersales.security.internal.Accounts;
import com.example.aftersales.security.Role;

/**
 * Malformed requests are the sender's mistake, on every address that takes a body: the POST and PUT operations are read
 * from the live {@code /v3/api-docs}, and each gets bodies of the wrong shape under many Content-Types — none, not a media
 * type, a wildcard, multipart without (or with an empty) boundary, multipart with an empty part, a part that is not
 * what its name says, JSON cut short, XML, form fields — over real HTTP (Tomcat's own multipart parser, not MockMvc's).
 * Every answer is a 2xx or a 4xx {@code application/problem+json} with a title and a detail in words, never a 5xx.
 * Seeded ({@code -Dfuzz.seed=…}, {@code -Dfuzz.runs=…}) for the random part, so a failure can be replayed.
 */
// the context of the server tests on the main database (GeneratedClientTest, ImportUploadLimitTest): malformed
// bodies record nothing, and the test reads nothing but the answers
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class MalformedRequestsFuzzTest {

    private static final String B = "fuzzboundary";
    private static final Set<String> HEADER_ONLY = Set.of("not a media type", "empty boundary", "wildcard", "multipart without boundary",
            "JSON, unknown charset");

    @Autowired
    Accounts accounts;
    @Autowired
    JsonMapper json;
    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    record Shape(String name, String contentType, byte[] body) {
        static Shape of(String name, String contentType, String body) {
            return new Shape(name, contentType, body.getBytes(StandardCharsets.UTF_8));
        }
    }

    static List<Shape> shapes() {
        String emptyFile = "--" + B + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"decision-tables/a.xlsx\"\r\n\r\n\r\n--" + B + "--\r\n";
        String emptyImport = "--" + B + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\nContent-Type: text/csv\r\n\r\n\r\n--" + B + "--\r\n";
        String notJsonPart = "--" + B + "\r\nContent-Disposition: form-data; name=\"request\"\r\nContent-Type: application/json\r\n\r\nnot json\r\n--" + B
                + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"rules/x.drl\"\r\n\r\nrule\r\n--" + B + "--\r\n";
        String emptyRequestPart = "--" + B + "\r\nContent-Disposition: form-data; name=\"request\"\r\n\r\n\r\n--" + B + "--\r\n";
        String xlsxAsText = "--" + B + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.xlsx\"\r\n"
                + "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\nPK not a zip\r\n--" + B + "--\r\n";
        String cutShort = "--" + B + "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.drl\"\r\n\r\nrule";
        String noHeaders = "--" + B + "\r\n\r\nabc\r\n--" + B + "--\r\n";
        String onlyClose = "--" + B + "--\r\n";
        List<Shape> shapes = new ArrayList<>(List.of(
                Shape.of("no Content-Type", null, "{}"),
                Shape.of("no Content-Type, no body", null, ""),
                Shape.of("not a media type", "foo", "{}"),
                Shape.of("empty boundary", "multipart/form-data; boundary=", onlyClose),
                Shape.of("quoted empty boundary", "multipart/form-data; boundary=\"\"", onlyClose),
                Shape.of("multipart without boundary", "multipart/form-data", emptyFile),
                Shape.of("wildcard", "*/*", "{}"),
                Shape.of("wildcard subtype", "application/*", "{}"),
                Shape.of("text", "text/plain", "hello"),
                Shape.of("xml", "application/xml", "<case/>"),
                Shape.of("form fields", "application/x-www-form-urlencoded", "a=1&b=2"),
                Shape.of("octet stream", "application/octet-stream", "\u0000\u0001"),
                Shape.of("csv", "text/csv", "a,b\n1,2\n"),
                Shape.of("JSON cut short", "application/json", "{\"a\":"),
                Shape.of("JSON empty", "application/json", ""),
                Shape.of("JSON null", "application/json", "null"),
                Shape.of("JSON array", "application/json", "[]"),
                Shape.of("JSON string", "application/json", "\"x\""),
                Shape.of("JSON empty object", "application/json", "{}"),
                Shape.of("JSON in latin1", "application/json; charset=latin1", "{}"),
                Shape.of("JSON, unknown charset", "application/json; charset=nonesuch", "{}"),
                Shape.of("problem+json", "application/problem+json", "{}"),
                Shape.of("multipart mixed", "multipart/mixed; boundary=" + B, emptyFile),
                Shape.of("multipart, JSON body", "multipart/form-data; boundary=" + B, "{}"),
                Shape.of("multipart, empty body", "multipart/form-data; boundary=" + B, ""),
                Shape.of("multipart, only the closing boundary", "multipart/form-data; boundary=" + B, onlyClose),
                Shape.of("multipart, empty file part", "multipart/form-data; boundary=" + B, emptyFile),
                Shape.of("multipart, empty import file", "multipart/form-data; boundary=" + B, emptyImport),
                Shape.of("multipart, request part not JSON", "multipart/form-data; boundary=" + B, notJsonPart),
                Shape.of("multipart, empty request part", "multipart/form-data; boundary=" + B, emptyRequestPart),
                Shape.of("multipart, xlsx that is not", "multipart/form-data; boundary=" + B, xlsxAsText),
                Shape.of("multipart cut short", "multipart/form-data; boundary=" + B, cutShort),
                Shape.of("multipart part without headers", "multipart/form-data; boundary=" + B, noHeaders),
                Shape.of("multipart, other boundary", "multipart/form-data; boundary=other", emptyFile)));
        return shapes;
    }

    @Test
    @DisplayName("Every POST and PUT of the document answers malformed bodies and content types with 2xx or 4xx problem+json, never 5xx")
    void noFiveHundreds() throws Exception {
        String key = accounts.issueKey("fuzz-" + java.util.UUID.randomUUID(), Set.of(Role.ADMIN), "test").secret();
        JsonNode document = json.readTree(send("GET", "/v3/api-docs", key, null, null).body());
        List<String[]> operations = new ArrayList<>();
        for (var path : document.get("paths").properties()) {
            for (String method : List.of("post", "put")) {
                if (path.getValue().has(method)) {
                    operations.add(new String[]{method.toUpperCase(), path.getValue().get(method).has("requestBody") ? "body" : "none", path.getKey()
                            .replace("{version}", "0".repeat(64)).replace("{id}", "1").replace("{username}", "nobody")
                            .replaceAll("\\{[^}/]+}", "x")});
                }
            }
        }
        assertThat(operations).as("the document's POST and PUT operations").hasSizeGreaterThan(15);

        List<String> failures = new ArrayList<>();
        List<Shape> shapes = shapes();
        for (String[] operation : operations) {
            for (Shape shape : shapes) {
                // an operation that takes no body (reload compiles the rules: slow) gets the broken headers only
                if (operation[1].equals("body") || HEADER_ONLY.contains(shape.name())) {
                    check(operation[0], operation[2], key, shape, failures);
                }
            }
        }
        // random byte soup under random declared types: seeded, replayable
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        int runs = Integer.getInteger("fuzz.runs", 150);
        SplittableRandom random = new SplittableRandom(seed);
        String[] types = {"multipart/form-data; boundary=" + B, "application/json", "text/csv", "multipart/form-data; boundary=",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "a/b; c", ";", "/", "multipart/", "x/y; boundary=\"unclosed"};
        for (int i = 0; i < runs; i++) {
            List<String[]> withBody = operations.stream().filter(o -> o[1].equals("body")).toList();
            String[] operation = withBody.get(random.nextInt(withBody.size()));
            Shape base = shapes.get(random.nextInt(shapes.size()));
            byte[] body = base.body().clone();
            for (int flips = random.nextInt(4); flips > 0 && body.length > 0; flips--) {
                body[random.nextInt(body.length)] = (byte) random.nextInt(256);
            }
            if (body.length > 2 && random.nextBoolean()) {
                body = java.util.Arrays.copyOf(body, random.nextInt(body.length));
            }
            check(operation[0], operation[2], key, new Shape("random #" + i + " (seed " + seed + ")", types[random.nextInt(types.length)], body), failures);
        }
        assertThat(failures).as("answers that were a 5xx or not problem+json (seed %d)", seed).isEmpty();
    }

    private void check(String method, String path, String key, Shape shape, List<String> failures) throws Exception {
        HttpResponse<String> answer = send(method, path, key, shape.contentType(), shape.body());
        int status = answer.statusCode();
        String type = answer.headers().firstValue("Content-Type").orElse("");
        String what = method + " " + path + " [" + shape.name() + ", Content-Type " + shape.contentType() + "] → " + status + " " + type
                + " " + answer.body().substring(0, Math.min(200, answer.body().length()));
        if (status >= 500) {
            failures.add(what);
        } else if (status >= 400) {
            if (!type.startsWith("application/problem+json")) {
                failures.add(what);
                return;
            }
            JsonNode problem = json.readTree(answer.body());
            if (!problem.path("title").isString() || !problem.path("detail").isString() || problem.path("status").asInt() != status) {
                failures.add(what + " (no title, detail or status)");
            }
        }
    }

    private HttpResponse<String> send(String method, String path, String key, String contentType, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("X-API-Key", key).header("Accept-Language", "en")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
