package com.example.aftersales;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged jar in a process of its own, for the tests that kill it ({@code *IT}, run by failsafe after
 * {@code package}): started in a folder of the test's (its H2 file and evidence store are there), on a free port,
 * with the first administrator's password given, and ready once its health answers 200.
 */
public final class PackagedService {

    private final Path dir;
    private final int port;
    private final String adminPassword;
    private final List<String> args;
    private final Map<String, String> env;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * @param dir  the working folder of every process started
     * @param args arguments beyond the port and the rules' folder (a profile, settings)
     * @param env  environment beyond the administrator's password (POSTGRES_URL)
     */
    public PackagedService(Path dir, String adminPassword, List<String> args, Map<String, String> env) throws IOException {
        this.dir = dir;
        this.port = freePort();
        this.adminPassword = adminPassword;
        this.args = List.copyOf(args);
        this.env = new HashMap<>(env);
        this.env.put("AFTERSALES_SECURITY_ADMIN_PASSWORD", adminPassword);
    }

    public HttpClient http() {
        return http;
    }

    public URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    public int port() {
        return port;
    }

    /** Starts the jar (its output in {@code <name>.log} in the folder) and waits until it is ready, 90 s at most. */
    public Process start(String name) throws Exception {
        return start(name, List.of());
    }

    /** As {@link #start(String)}, with arguments for this start only, in place of any of every start's of the same name. */
    public Process start(String name, List<String> more) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                // start fast: these tests are about durability, not peak speed
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        command.addAll(launch());
        command.addAll(List.of("--server.port=" + port,
                "--aftersales.rules.base-dir=" + Path.of("").toAbsolutePath()));
        // an argument given twice would be bound as a list ("1,200"): this start's own replace those of every start
        java.util.Set<String> replaced = new java.util.HashSet<>();
        more.forEach(a -> replaced.add(a.split("=", 2)[0]));
        args.stream().filter(a -> !replaced.contains(a.split("=", 2)[0])).forEach(command::add);
        command.addAll(more);
        Path log = dir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        long started = System.nanoTime();
        Process process = builder.start();
        long deadline = started + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The service stopped: " + Files.readString(log));
            }
            try {
                if (http.send(HttpRequest.newBuilder(uri("/actuator/health")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
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

    /** SIGKILL: no shutdown hook, no pool close, no flush. */
    public static void kill(Process process) throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    public static void stop(Process process) throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    /** {@code Authorization} of the first administrator. */
    public String basicAdmin() {
        return "Basic " + Base64.getEncoder().encodeToString(("admin:" + adminPassword).getBytes(StandardCharsets.UTF_8));
    }

    /** A system's API key, issued by the first administrator. */
    public String systemKey(String name) throws Exception {
        HttpResponse<String> issued = http.send(HttpRequest.newBuilder(uri("/api/admin/api-keys"))
                .header("Content-Type", "application/json").header("Authorization", basicAdmin())
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"" + name + "\", \"roles\": [\"SYSTEM\"]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        Matcher secret = Pattern.compile("\"secret\":\"([^\"]+)\"").matcher(issued.body());
        assertThat(secret.find()).isTrue();
        return secret.group(1);
    }

    /**
     * As docs/OPERATORS.md runs the service: the jar extracted in {@code target/app} with the class data sharing archive
     * that {@code mvn package} writes beside it, or the jar itself where they were not made ({@code -Dcds.skip}).
     */
    private static List<String> launch() {
        Path jar = jar();
        Path app = jar.resolveSibling("app");
        Path archive = app.resolve("aftersales.jsa");
        Path extracted = app.resolve(jar.getFileName());
        if (Files.isRegularFile(archive) && Files.isRegularFile(extracted)) {
            return List.of("-XX:SharedArchiveFile=" + archive, "-jar", extracted.toString());
        }
        return List.of("-jar", jar.toString());
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
