package com.example.aftersales.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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

import com.example.aftersales.PackagedService;
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

    private PackagedService service;
    private HttpClient http;

    private void service(List<String> args, Map<String, String> env) throws IOException {
        service = new PackagedService(dir, ADMIN_PASSWORD, args, env);
        http = service.http();
    }

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
        args = new ArrayList<>(args);
        // one case per chunk, so that the run is slow enough to be killed half-way
        args.addAll(List.of("--aftersales.replay.chunk-size=1", "--aftersales.replay.threads=1",
                "--aftersales.replay.stale-after=3s", "--aftersales.replay.restart-check-millis=500"));
        service(args, env);
        int rows = 2000;
        String csv = casesCsv("KILL-REPLAY-", rows, 7);
        Process first = service.start("replay-first");
        String location;
        long acknowledged;
        try {
            HttpResponse<String> imported = importFile(csv);
            assertThat(imported.statusCode()).as(imported.body()).isEqualTo(202);
            String importJob = imported.headers().firstValue("Location").orElseThrow();
            long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            String job = admin(importJob).body();
            while (job.contains("\"status\":\"RUNNING\"") && System.nanoTime() < deadline) {
                Thread.sleep(250);
                job = admin(importJob).body();
            }
            assertThat(job).contains("\"status\":\"SUCCEEDED\"");
            Matcher version = Pattern.compile("\"version\":\"([0-9a-f]{64})\"").matcher(admin("/api/rulesets/active").body());
            assertThat(version.find()).isTrue();
            HttpResponse<String> started = http.send(HttpRequest.newBuilder(service.uri("/api/replays"))
                    .header("Content-Type", "application/json").header("Authorization", service.basicAdmin())
                    .POST(HttpRequest.BodyPublishers.ofString("{\"candidate\": {\"rulesetVersion\": \"" + version.group(1)
                            + "\"}, \"from\": \"2025-01-01\", \"to\": \"2027-12-31\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            location = started.headers().firstValue("Location").orElseThrow();
            long done = 0;
            deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (done < 30 && System.nanoTime() < deadline) {
                done = number(admin(location).body(), "done");
                Thread.sleep(100);
            }
            acknowledged = done;
        } finally {
            PackagedService.kill(first); // the job's execution stays STARTED in the job repository
        }
        System.out.printf("%s: %d cases replayed before the kill%n", args, acknowledged);
        assertThat(acknowledged).as("cases replayed before the kill").isGreaterThanOrEqualTo(30).isLessThan(rows);
        Process second = service.start("replay-second");
        try {
            String run = admin(location).body();
            assertThat(number(run, "done")).as("progress kept across the kill").isGreaterThanOrEqualTo(acknowledged);
            long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
            while (run.contains("\"status\":\"RUNNING\"") && System.nanoTime() < deadline) {
                Thread.sleep(500);
                run = admin(location).body();
            }
            assertThat(run).contains("\"status\":\"SUCCEEDED\"");
            assertThat(number(run, "total")).isEqualTo(rows);
            assertThat(number(run, "done")).isEqualTo(rows);
            assertThat(number(run, "replayed")).as("every case counted once").isEqualTo(rows);
            assertThat(number(run, "changed")).as("the recording rules decide as recorded").isZero();
            assertThat(Files.readString(dir.resolve("replay-second.log"))).contains("its instance is taken for dead");
        } finally {
            PackagedService.stop(second);
        }
    }

    /**
     * An import job killed half-way: the rows its progress acknowledged (imported) are there after the restart, the
     * job is reported INTERRUPTED once its lease runs out, and sending the file again completes it, skipping them.
     */
    private void importSurvivesKillNine(List<String> args, Map<String, String> env) throws Exception {
        args = new ArrayList<>(args);
        args.add("--aftersales.import.lease=3s");
        args.add("--aftersales.import.lease-check-millis=1000");
        service(args, env);
        int rows = 3000;
        String csv = casesCsv("KILL-IMPORT-", rows, 1);
        Process first = service.start("import-first");
        String location;
        long acknowledged;
        try {
            HttpResponse<String> started = importFile(csv);
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            location = started.headers().firstValue("Location").orElseThrow();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            long imported = 0;
            while (imported < 50 && System.nanoTime() < deadline) {
                imported = number(admin(location).body(), "imported");
                Thread.sleep(100);
            }
            acknowledged = imported;
        } finally {
            PackagedService.kill(first);
        }
        System.out.printf("%s: %d imported rows acknowledged before the kill%n", args, acknowledged);
        assertThat(acknowledged).as("rows acknowledged before the kill").isGreaterThanOrEqualTo(50).isLessThan(rows);
        Process second = service.start("import-second");
        try {
            String job = admin(location).body();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!job.contains("\"status\":\"INTERRUPTED\"") && System.nanoTime() < deadline) {
                Thread.sleep(250);
                job = admin(location).body();
            }
            assertThat(job).contains("\"status\":\"INTERRUPTED\"");
            assertThat(number(job, "imported")).isGreaterThanOrEqualTo(acknowledged);
            // sending the file again completes it: every row acknowledged before the kill is there, and skipped
            HttpResponse<String> again = importFile(csv);
            assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
            String again_location = again.headers().firstValue("Location").orElseThrow();
            String done = admin(again_location).body();
            deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (done.contains("\"status\":\"RUNNING\"") && System.nanoTime() < deadline) {
                Thread.sleep(250);
                done = admin(again_location).body();
            }
            assertThat(done).contains("\"status\":\"SUCCEEDED\"");
            assertThat(number(done, "skippedDuplicates")).as("rows recorded before the kill").isGreaterThanOrEqualTo(acknowledged);
            assertThat(number(done, "imported") + number(done, "skippedDuplicates")).isEqualTo(rows);
        } finally {
            PackagedService.stop(second);
        }
    }

    /** A CSV of {@code rows} cases a minute apart, referenced {@code prefix}0, 1, …, in {@code batches} batches. */
    private static String casesCsv(String prefix, int rows, int batches) {
        StringBuilder csv = new StringBuilder("externalRef,receivedAt,channel,customerName,customerProvince,unitCode,"
                + "unitProvince,productCode,productCategory,regulated,batchNumber,productionDate,productionSite,quantity,"
                + "problemCategory,remoteReplyPossible\n");
        for (int i = 0; i < rows; i++) {
            csv.append(prefix).append(i).append(',').append(java.time.OffsetDateTime.parse("2025-03-01T08:00:00+08:00")
                    .plusMinutes(i)).append(",MARKETING_BRANCH,Xiangtan Mining Co.,Hunan,SUB-01,Hunan,EX-200,")
                    .append("EMULSION_EXPLOSIVE,true,B").append(batches == 1 ? 1 : i % batches)
                    .append(",2025-01-10,SITE-A,10,PACKAGING,true\n");
        }
        return csv.toString();
    }

    private HttpResponse<String> importFile(String csv) throws Exception {
        return http.send(HttpRequest.newBuilder(service.uri("/api/imports"))
                .header("Content-Type", "text/csv").header("Authorization", service.basicAdmin())
                .POST(HttpRequest.BodyPublishers.ofString(csv)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> admin(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(service.uri(path))
                .header("Authorization", service.basicAdmin()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long number(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\":(\\d+)").matcher(json);
        assertThat(m.find()).as(field + " in " + json).isTrue();
        return Long.parseLong(m.group(1));
    }

    private void survivesKillNine(List<String> args, Map<String, String> env) throws Exception {
        service(args, env);
        Map<String, Long> acknowledged = new ConcurrentHashMap<>();
        Process first = service.start("first");
        String key;
        try {
            key = service.systemKey("load");
            load(key, acknowledged, Duration.ofSeconds(3));
        } finally {
            PackagedService.kill(first); // no shutdown hook, no pool close, no flush
        }
        System.out.printf("%s: %d cases acknowledged before the kill%n", args.isEmpty() ? "H2 file" : args, acknowledged.size());
        assertThat(acknowledged).as("cases acknowledged before the kill").hasSizeGreaterThan(20);
        Process second = service.start("second");
        try {
            for (Map.Entry<String, Long> ack : acknowledged.entrySet()) {
                HttpResponse<String> found = http.send(HttpRequest.newBuilder(service.uri("/api/cases/" + ack.getValue())).header("X-API-Key", key).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(found.statusCode()).as("case " + ack.getValue() + " acknowledged with 201").isEqualTo(200);
                assertThat(found.body()).contains("\"externalRef\":\"" + ack.getKey() + "\"").contains("\"decisions\":[{");
            }
        } finally {
            PackagedService.stop(second);
        }
    }

    /** Clients post new cases until the time is up and enough were acknowledged, and still while the process is being killed. */
    private void load(String key, Map<String, Long> acknowledged, Duration duration) throws Exception {
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
                        HttpResponse<String> response = http.send(HttpRequest.newBuilder(service.uri("/api/cases"))
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

}
