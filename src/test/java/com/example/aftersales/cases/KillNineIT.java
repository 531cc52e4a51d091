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

    @Test
    void h2FileKeepsEveryImportedRowAndReportsTheJobInterrupted() throws Exception {
        importSurvivesKillNine(List.of(), Map.of());
    }

    @Test
    void postgresKeepsEveryImportedRowAndReportsTheJobInterrupted() throws Exception {
        String url = PostgresTestDatabase.fresh("kill_import");
        importSurvivesKillNine(List.of("--spring.profiles.active=postgres"), Map.of("POSTGRES_URL", url));
    }

    @Test
    void h2FileReplayKilledMidRunIsRestartedFromItsLastChunk() throws Exception {
        replaySurvivesKillNine(List.of(), Map.of());
    }

    @Test
    void postgresReplayKilledMidRunIsRestartedFromItsLastChunk() throws Exception {
        String url = PostgresTestDatabase.fresh("kill_replay");
        replaySurvivesKillNine(List.of("--spring.profiles.active=postgres"), Map.of("POSTGRES_URL", url));
    }

    /**
     * A replay whose instance is killed half-way (its Spring Batch job execution left STARTED): the next instance takes
     * it for dead once it has committed nothing for stale-after, restarts it from its last committed chunk, and the run
     * finishes with every case counted exactly once.
     */
    private void replaySurvivesKillNine(List<String> args, Map<String, String> env) throws Exception {
        int port = freePort();
        env = new java.util.HashMap<>(env);
        env.put("AFTERSALES_SECURITY_ADMIN_PASSWORD", ADMIN_PASSWORD);
        args = new ArrayList<>(args);
        // one case per chunk, so that the run is slow enough to be killed half-way
        args.addAll(List.of("--aftersales.replay.chunk-size=1", "--aftersales.replay.threads=1",
                "--aftersales.replay.stale-after=3s", "--aftersales.replay.restart-check-millis=500"));
        int rows = 2000;
        StringBuilder csv = new StringBuilder("externalRef,receivedAt,channel,customerName,customerProvince,unitCode,"
                + "unitProvince,productCode,productCategory,regulated,batchNumber,productionDate,productionSite,quantity,"
                + "problemCategory,remoteReplyPossible\n");
        for (int i = 0; i < rows; i++) {
            csv.append("KILL-REPLAY-").append(i).append(',').append(java.time.OffsetDateTime.parse("2025-03-01T08:00:00+08:00")
                    .plusMinutes(i)).append(",MARKETING_BRANCH,Xiangtan Mining Co.,Hunan,SUB-01,Hunan,EX-200,")
                    .append("EMULSION_EXPLOSIVE,true,B").append(i % 7).append(",2025-01-10,SITE-A,10,PACKAGING,true\n");
        }
        Process first = start(port, args, env, "replay-first");
        String location;
        long acknowledged;
        try {
            HttpResponse<String> imported = importFile(port, csv.toString());
            assertThat(imported.statusCode()).as(imported.body()).isEqualTo(202);
            String importJob = imported.headers().firstValue("Location").orElseThrow();
            long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            String job = admin(port, importJob).body();
            while (job.contains("\"status\":\"RUNNING\"") && System.nanoTime() < deadline) {
                Thread.sleep(250);
                job = admin(port, importJob).body();
            }
            assertThat(job).contains("\"status\":\"SUCCEEDED\"");
            Matcher version = Pattern.compile("\"version\":\"([0-9a-f]{64})\"").matcher(admin(port, "/api/rulesets/active").body());
            assertThat(version.find()).isTrue();
            HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/replays"))
                    .header("Content-Type", "application/json").header("Authorization", basicAdmin())
                    .POST(HttpRequest.BodyPublishers.ofString("{\"candidate\": {\"rulesetVersion\": \"" + version.group(1)
                            + "\"}, \"from\": \"2025-01-01\", \"to\": \"2027-12-31\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            location = started.headers().firstValue("Location").orElseThrow();
            long done = 0;
            deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (done < 30 && System.nanoTime() < deadline) {
                done = number(admin(port, location).body(), "done");
                Thread.sleep(100);
            }
            acknowledged = done;
        } finally {
            first.destroyForcibly(); // SIGKILL: the job's execution stays STARTED in the job repository
            first.waitFor();
        }
        System.out.printf("%s: %d cases replayed before the kill%n", args, acknowledged);
        assertThat(acknowledged).as("cases replayed before the kill").isGreaterThanOrEqualTo(30).isLessThan(rows);
        Process second = start(port, args, env, "replay-second");
        try {
            String run = admin(port, location).body();
            assertThat(number(run, "done")).as("progress kept across the kill").isGreaterThanOrEqualTo(acknowledged);
            long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
            while (run.contains("\"status\":\"RUNNING\"") && System.nanoTime() < deadline) {
                Thread.sleep(500);
                run = admin(port, location).body();
            }
            assertThat(run).contains("\"status\":\"SUCCEEDED\"");
            assertThat(number(run, "total")).isEqualTo(rows);
            assertThat(number(run, "done")).isEqualTo(rows);
            assertThat(number(run, "replayed")).as("every case counted once").isEqualTo(rows);
            assertThat(number(run, "changed")).as("the recording rules decide as recorded").isZero();
            assertThat(Files.readString(dir.resolve("replay-second.log"))).contains("its instance is taken for dead");
        } finally {
            second.destroy();
            second.waitFor();
        }
    }

    /**
     * An import job killed half-way: the rows its progress acknowledged (imported) are there after the restart, the
     * job is reported INTERRUPTED once its lease runs out, and sending the file again completes it, skipping them.
     */
    private void importSurvivesKillNine(List<String> args, Map<String, String> env) throws Exception {
        int port = freePort();
        env = new java.util.HashMap<>(env);
        env.put("AFTERSALES_SECURITY_ADMIN_PASSWORD", ADMIN_PASSWORD);
        args = new ArrayList<>(args);
        args.add("--aftersales.import.lease=3s");
        args.add("--aftersales.import.lease-check-millis=1000");
        int rows = 3000;
        StringBuilder csv = new StringBuilder("externalRef,receivedAt,channel,customerName,customerProvince,unitCode,"
                + "unitProvince,productCode,productCategory,regulated,batchNumber,productionDate,productionSite,quantity,"
                + "problemCategory,remoteReplyPossible\n");
        for (int i = 0; i < rows; i++) {
            csv.append("KILL-IMPORT-").append(i).append(',').append(java.time.OffsetDateTime.parse("2025-03-01T08:00:00+08:00")
                    .plusMinutes(i)).append(",MARKETING_BRANCH,Xiangtan Mining Co.,Hunan,SUB-01,Hunan,EX-200,")
                    .append("EMULSION_EXPLOSIVE,true,B1,2025-01-10,SITE-A,10,PACKAGING,true\n");
        }
        Process first = start(port, args, env, "import-first");
        String location;
        long acknowledged;
        try {
            HttpResponse<String> started = importFile(port, csv.toString());
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            location = started.headers().firstValue("Location").orElseThrow();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            long imported = 0;
            while (imported < 50 && System.nanoTime() < deadline) {
                imported = number(admin(port, location).body(), "imported");
                Thread.sleep(100);
            }
            acknowledged = imported;
        } finally {
            first.destroyForcibly();
            first.waitFor();
        }
        System.out.printf("%s: %d imported rows acknowledged before the kill%n", args, acknowledged);
        assertThat(acknowledged).as("rows acknowledged before the kill").isGreaterThanOrEqualTo(50).isLessThan(rows);
        Process second = start(port, args, env, "import-second");
        try {
            String job = admin(port, location).body();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!job.contains("\"status\":\"INTERRUPTED\"") && System.nanoTime() < deadline) {
                Thread.sleep(250);
                job = admin(port, location).body();
            }
            assertThat(job).contains("\"status\":\"INTERRUPTED\"");
            assertThat(number(job, "imported")).isGreaterThanOrEqualTo(acknowledged);
            // sending the file again completes it: every row acknowledged before the kill is there, and skipped
            HttpResponse<String> again = importFile(port, csv.toString());
            assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
            String again_location = again.headers().firstValue("Location").orElseThrow();
            String done = admin(port, again_location).body();
            deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (done.contains("\"status\":\"RUNNING\"") && System.nanoTime() < deadline) {
                Thread.sleep(250);
                done = admin(port, again_location).body();
            }
            assertThat(done).contains("\"status\":\"SUCCEEDED\"");
            assertThat(number(done, "skippedDuplicates")).as("rows recorded before the kill").isGreaterThanOrEqualTo(acknowledged);
            assertThat(number(done, "imported") + number(done, "skippedDuplicates")).isEqualTo(rows);
        } finally {
            second.destroy();
            second.waitFor();
        }
    }

    private HttpResponse<String> importFile(int port, String csv) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/imports"))
                .header("Content-Type", "text/csv").header("Authorization", basicAdmin())
                .POST(HttpRequest.BodyPublishers.ofString(csv)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> admin(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", basicAdmin()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basicAdmin() {
        return "Basic " + java.util.Base64.getEncoder()
                .encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static long number(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":(\\d+)").matcher(json);
        assertThat(m.find()).as(field + " in " + json).isTrue();
        return Long.parseLong(m.group(1));
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

    /** Clients post new cases until the time is up and enough were acknowledged, and still while the process is being killed. */
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
                    } catch (java.net.http.HttpTimeoutException e) {
                        // slow (a cold start on a busy machine): not acknowledged, so not counted; go on
                    } catch (IOException | InterruptedException e) {
                        return; // the process is gone
                    }
                }
            });
            thread.start();
            clients.add(thread);
        }
        // at least the duration, and until enough cases were acknowledged to make the check mean something (a busy
        // machine warms up slowly), but never more than a minute and a half
        long start = System.nanoTime();
        while (System.nanoTime() - start < duration.toNanos()
                || acknowledged.size() <= 30 && System.nanoTime() - start < Duration.ofSeconds(90).toNanos()) {
            Thread.sleep(100);
        }
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
