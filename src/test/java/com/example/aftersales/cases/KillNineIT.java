package com.example.aftersales.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.example.aftersales.PostgresTestDatabase;

/**
 * Durability against a crash: the packaged jar runs in its own process under concurrent POST /api/cases, is killed
 * with SIGKILL, and started again on the same database; every case that was acknowledged with 201 is there, with its
 * evaluation. On the embedded default (H2 file) and on PostgreSQL. Run by failsafe after {@code package}.
 */
class KillNineIT {

    private static final Pattern CASE_ID = Pattern.compile("\"caseId\":(\\d+)");

    @TempDir
    Path dir;

    private static final String ADMIN_PASSWORD = "kill-nine-admin-password";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void h2FileKeepsEveryAcknowledgedCase() throws Exception {
        // the default configuration, whose file ./data/aftersales is in the process's working directory, dir
        survivesKillNine(List.of(), Map.of());
    }

    @Test
    void postgresKeepsEveryAcknowledgedCase() throws Exception {
        String url = PostgresTestDatabase.fresh("kill");
        survivesKillNine(List.of("--spring.profiles.active=postgres"), Map.of("POSTGRES_URL", url));
    }

    private void survivesKillNine(List<String> args, Map<String, String> env) throws Exception {
        int port = freePort();
        Map<String, Long> acknowledged = new ConcurrentHashMap<>();
        env = new java.util.HashMap<>(env);
        env.put("AFTERSALES_SECURITY_ADMIN_PASSWORD", ADMIN_PASSWORD);
        Process first = start(port, args, env, "first");
        String key;
        try {
            key = apiKey(port);
            load(port, key, acknowledged, Duration.ofSeconds(3));
        } finally {
            first.destroyForcibly(); // SIGKILL: no shutdown hook, no pool close, no flush
            first.waitFor();
        }
        System.out.printf("%s: %d cases acknowledged before the kill%n", args.isEmpty() ? "H2 file" : args, acknowledged.size());
        assertThat(acknowledged).as("cases acknowledged before the kill").hasSizeGreaterThan(20);
        Process second = start(port, args, env, "second");
        try {
            for (Map.Entry<String, Long> ack : acknowledged.entrySet()) {
                HttpResponse<String> found = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/api/cases/" + ack.getValue())).header("X-API-Key", key).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(found.statusCode()).as("case " + ack.getValue() + " acknowledged with 201").isEqualTo(200);
                assertThat(found.body()).contains("\"externalRef\":\"" + ack.getKey() + "\"").contains("\"decisions\":[{");
            }
        } finally {
            second.destroy();
            second.waitFor();
        }
    }

    /** A system's API key, issued by the administrator the first start created. */
    private String apiKey(int port) throws Exception {
        HttpResponse<String> issued = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/admin/api-keys"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + java.util.Base64.getEncoder()
                        .encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"load\", \"roles\": [\"SYSTEM\"]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        Matcher secret = java.util.regex.Pattern.compile("\"secret\":\"([^\"]+)\"").matcher(issued.body());
        assertThat(secret.find()).isTrue();
        return secret.group(1);
    }

    /** Clients post new cases until the time is up, and still while the process is being killed. */
    private void load(int port, String key, Map<String, Long> acknowledged, Duration duration) throws Exception {
        String example = Files.readString(Path.of("docs/examples/case.json"));
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            int client = c;
            Thread thread = new Thread(() -> {
                for (int n = 0; running.get(); n++) {
                    String ref = "KILL-" + client + "-" + n;
                    String body = example.replaceFirst("\"externalRef\":\\s*\"[^\"]*\"", "\"externalRef\": \"" + ref + "\"");
                    try {
                        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/cases"))
                                .header("Content-Type", "application/json").header("X-API-Key", key)
                                .timeout(Duration.ofSeconds(5))
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                        Matcher id = CASE_ID.matcher(response.body());
                        if (response.statusCode() == 201 && id.find()) {
                            acknowledged.put(ref, Long.parseLong(id.group(1)));
                        }
                    } catch (IOException | InterruptedException e) {
                        return; // the process is gone
                    }
                }
            });
            thread.start();
            clients.add(thread);
        }
        Thread.sleep(duration.toMillis());
        running.set(false);
    }

    private Process start(int port, List<String> args, Map<String, String> env, String name) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                // start fast: the test is about durability, not peak speed
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar().toString(), "--server.port=" + port,
                "--aftersales.rules.base-dir=" + Path.of("").toAbsolutePath()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        builder.environment().putAll(env);
        long started = System.nanoTime();
        Process process = builder.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The service stopped: " + Files.readString(dir.resolve(name + ".log")));
            }
            try {
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    System.out.printf("%s instance up in %d ms%n", name, (System.nanoTime() - started) / 1_000_000);
                    return process;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        process.destroyForcibly();
        throw new IllegalStateException("The service did not start within 90 s");
    }

    private static Path jar() {
        File[] jars = new File("target").listFiles((d, n) -> n.endsWith(".jar") && !n.endsWith("-plain.jar")
                && !n.endsWith("-sources.jar"));
        assertThat(jars).as("the packaged jar in target/ (failsafe runs after package)").isNotEmpty();
        return jars[0].toPath().toAbsolutePath();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
