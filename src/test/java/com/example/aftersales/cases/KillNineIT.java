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
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.io.TempDir;

import com.example.aftersales.PackagedService;
import com.example.aftersales.PostgresTestDatabase;
import com.example.aftersales.evidence.UploadsUnderKill;

/**
 * Durability against a crash: the packaged jar runs in its own process under concurrent POST /api/cases, while an
 * import job and a replay run and clients attach files to a case, is killed with SIGKILL, and started again on the
 * same database and evidence folder. Every case that was acknowledged with 201 is there, with its evaluation; the
 * import's rows its progress acknowledged are there, the job is reported INTERRUPTED and sending the file again
 * completes it; the replay's Spring Batch job is taken for dead and restarted from its last committed chunk, every
 * case counted once; every attachment is whole or absent ({@link UploadsUnderKill}). On the embedded default (H2 file,
 * the evidence store beside it) and on PostgreSQL, one kill each: the four are killed together, as a crash would find
 * them (and two starts of the jar per database, not four). Run by failsafe after {@code package}; the two databases
 * side by side (each test has its own instance, folder, port and database), so the run waits for the slower only.
 */
@Execution(ExecutionMode.CONCURRENT)
class KillNineIT {

    private static final Pattern CASE_ID = Pattern.compile("\"caseId\":(\\d+)");
    /** The replay's cases, received from 2025-03-01 on, one a minute; the imported ones from 2025-06-01 (outside it). */
    private static final int REPLAY_ROWS = 1000;
    private static final int IMPORT_ROWS = 2500;

    @TempDir
    Path dir;

    private static final String ADMIN_PASSWORD = "kill-nine-admin-password";

    private PackagedService service;
    private HttpClient http;

    @Test
    void h2FileKeepsWhatItAcknowledged() throws Exception {
        // the default configuration, whose file ./data/aftersales is in the process's working directory, dir
        survivesKillNine(List.of(), Map.of());
    }

    @Test
    void postgresKeepsWhatItAcknowledged() throws Exception {
        String url = PostgresTestDatabase.fresh("kill");
        survivesKillNine(List.of("--spring.profiles.active=postgres"), Map.of("POSTGRES_URL", url));
    }

    private void survivesKillNine(List<String> args, Map<String, String> env) throws Exception {
        args = new ArrayList<>(args);
        // an import's lease runs out soon after its instance is gone; a replay's job committing nothing for 3 s is taken
        // for dead; one case per replay chunk, so that the run is slow enough to be killed half-way
        args.addAll(List.of("--aftersales.import.lease=3s", "--aftersales.import.lease-check-millis=1000",
                "--aftersales.replay.chunk-size=1", "--aftersales.replay.threads=1",
                "--aftersales.replay.stale-after=3s", "--aftersales.replay.restart-check-millis=500"));
        args.addAll(UploadsUnderKill.SETTINGS);
        service = new PackagedService(dir, ADMIN_PASSWORD, args, env);
        http = service.http();
        String label = args.contains("--spring.profiles.active=postgres") ? "PostgreSQL" : "H2 file";
        String replayCsv = casesCsv("KILL-REPLAY-", "2025-03-01T08:00:00+08:00", REPLAY_ROWS, 7);
        String importCsv = casesCsv("KILL-IMPORT-", "2025-06-01T08:00:00+08:00", IMPORT_ROWS, 1);
        Map<String, Long> acknowledged = new ConcurrentHashMap<>();
        AtomicBoolean posting = new AtomicBoolean(true);
        String key;
        String replay;
        String importJob;
        long replayed;
        long imported;
        UploadsUnderKill uploads = null;
        long t0 = System.nanoTime();
        Process first = service.start("first");
        try {
            key = service.systemKey("load");
            String version = replayable(replayCsv);
            load(key, acknowledged, posting); // the clients post until the process is killed
            long posted = System.nanoTime();
            // meanwhile the uploads (a case of their own, files attached until the kill) and the replay; the import,
            // the quickest (hundreds of rows a second), last and killed at its first progress
            uploads = UploadsUnderKill.start(service, key);
            replay = startReplay(version);
            replayed = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (replayed < 30 && System.nanoTime() < deadline) {
                Thread.sleep(100);
                replayed = number(admin(replay).body(), "done");
            }
            uploads.awaitEnough();
            // the clients post for at least 3 s, and until enough cases were acknowledged to make the check mean
            // something (a busy machine warms up slowly), but never more than a minute and a half
            while (System.nanoTime() - posted < Duration.ofSeconds(3).toNanos()
                    || acknowledged.size() <= 30 && System.nanoTime() - posted < Duration.ofSeconds(90).toNanos()) {
                Thread.sleep(100);
            }
            replayed = number(admin(replay).body(), "done"); // the replay's progress before the kill (it only grows)
            HttpResponse<String> started = importFile(importCsv);
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            importJob = started.headers().firstValue("Location").orElseThrow();
            imported = 0;
            deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (imported < 50 && System.nanoTime() < deadline) {
                Thread.sleep(50);
                imported = number(admin(importJob).body(), "imported");
            }
        } finally {
            PackagedService.kill(first); // no shutdown hook, no pool close, no flush; the job executions stay STARTED
            posting.set(false);
        }
        int attached = uploads.killed();
        System.out.printf("%s: %d cases acknowledged, %d imported rows, %d cases replayed, %d attachments before the kill"
                + " at %.1f s%n", label, acknowledged.size(), imported, replayed, attached, (System.nanoTime() - t0) / 1e9);
        assertThat(acknowledged).as("cases acknowledged before the kill").hasSizeGreaterThan(20);
        assertThat(imported).as("rows acknowledged before the kill").isGreaterThanOrEqualTo(50).isLessThan(IMPORT_ROWS);
        assertThat(replayed).as("cases replayed before the kill").isGreaterThanOrEqualTo(30).isLessThan(REPLAY_ROWS);

        // the restarted replay may go at its usual pace: chunks of one were for the kill to find it half-way
        Process second = service.start("second", List.of("--aftersales.replay.chunk-size=200"));
        try {
            // what the API showed is on the file: H2 shows a commit to other sessions a moment before its chunk is
            // written, so the progress is written before it is shown (cases.DurableReads); PostgreSQL shows a commit
            // after its WAL flush. An acknowledgement (201 of a case) is answered after the commit returns.
            assertThat(number(admin(replay).body(), "done")).as("progress kept across the kill").isGreaterThanOrEqualTo(replayed);
            everyAcknowledgedCaseIsThere(key, acknowledged);
            importIsInterruptedAndCompletedBySendingItAgain(importJob, importCsv, imported);
            System.out.printf("%s: import completed at %.1f s%n", label, (System.nanoTime() - t0) / 1e9);
            replayIsRestartedFromItsLastChunk(replay);
            System.out.printf("%s: replay completed at %.1f s%n", label, (System.nanoTime() - t0) / 1e9);
            uploads.checkAfterRestart(dir);
        } finally {
            PackagedService.stop(second);
        }
    }

    private void everyAcknowledgedCaseIsThere(String key, Map<String, Long> acknowledged) throws Exception {
        for (Map.Entry<String, Long> ack : acknowledged.entrySet()) {
            HttpResponse<String> found = http.send(HttpRequest.newBuilder(service.uri("/api/cases/" + ack.getValue()))
                    .header("X-API-Key", key).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(found.statusCode()).as("case " + ack.getValue() + " acknowledged with 201").isEqualTo(200);
            assertThat(found.body()).contains("\"externalRef\":\"" + ack.getKey() + "\"").contains("\"decisions\":[{");
        }
    }

    /**
     * The import job killed half-way: the rows its progress acknowledged (imported) are there, the job is reported
     * INTERRUPTED once its lease runs out, and sending the file again completes it, skipping them.
     */
    private void importIsInterruptedAndCompletedBySendingItAgain(String location, String csv, long acknowledged)
            throws Exception {
        String job = admin(location).body();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!job.contains("\"status\":\"INTERRUPTED\"") && System.nanoTime() < deadline) {
            Thread.sleep(250);
            job = admin(location).body();
        }
        assertThat(job).contains("\"status\":\"INTERRUPTED\"");
        assertThat(number(job, "imported")).isGreaterThanOrEqualTo(acknowledged);
        HttpResponse<String> again = importFile(csv);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
        String done = until(again.headers().firstValue("Location").orElseThrow(), Duration.ofSeconds(120));
        assertThat(done).contains("\"status\":\"SUCCEEDED\"");
        assertThat(number(done, "skippedDuplicates")).as("rows recorded before the kill").isGreaterThanOrEqualTo(acknowledged);
        assertThat(number(done, "imported") + number(done, "skippedDuplicates")).isEqualTo(IMPORT_ROWS);
    }

    /**
     * The replay whose instance was killed (its job execution left STARTED): the next instance takes it for dead once
     * it has committed nothing for stale-after, restarts it from its last committed chunk, and the run finishes with
     * every case counted exactly once.
     */
    private void replayIsRestartedFromItsLastChunk(String location) throws Exception {
        String run = until(location, Duration.ofSeconds(240));
        assertThat(run).contains("\"status\":\"SUCCEEDED\"");
        assertThat(number(run, "total")).isEqualTo(REPLAY_ROWS);
        assertThat(number(run, "done")).isEqualTo(REPLAY_ROWS);
        assertThat(number(run, "replayed")).as("every case counted once").isEqualTo(REPLAY_ROWS);
        assertThat(number(run, "changed")).as("the recording rules decide as recorded").isZero();
        assertThat(Files.readString(dir.resolve("second.log"))).contains("its instance is taken for dead");
    }

    /** Imports the replay's cases (waiting for the job to succeed); the active version, the replay's candidate. */
    private String replayable(String csv) throws Exception {
        HttpResponse<String> imported = importFile(csv);
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(202);
        String job = until(imported.headers().firstValue("Location").orElseThrow(), Duration.ofSeconds(180));
        assertThat(job).contains("\"status\":\"SUCCEEDED\"");
        Matcher version = Pattern.compile("\"version\":\"([0-9a-f]{64})\"").matcher(admin("/api/rulesets/active").body());
        assertThat(version.find()).isTrue();
        return version.group(1);
    }

    /** Starts a replay of the replay's cases (March 2025) on the candidate; its location. */
    private String startReplay(String version) throws Exception {
        HttpResponse<String> started = http.send(HttpRequest.newBuilder(service.uri("/api/replays"))
                .header("Content-Type", "application/json").header("Authorization", service.basicAdmin())
                .POST(HttpRequest.BodyPublishers.ofString("{\"candidate\": {\"rulesetVersion\": \"" + version
                        + "\"}, \"from\": \"2025-03-01\", \"to\": \"2025-03-31\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        return started.headers().firstValue("Location").orElseThrow();
    }

    /** The job or run at {@code location} once it is no longer RUNNING (or the time is up). */
    private String until(String location, Duration atMost) throws Exception {
        long deadline = System.nanoTime() + atMost.toNanos();
        String body = admin(location).body();
        while (body.contains("\"status\":\"RUNNING\"") && System.nanoTime() < deadline) {
            Thread.sleep(250);
            body = admin(location).body();
        }
        return body;
    }

    /** A CSV of {@code rows} cases a minute apart from {@code from}, referenced {@code prefix}0, 1, …, in {@code batches} batches. */
    private static String casesCsv(String prefix, String from, int rows, int batches) {
        StringBuilder csv = new StringBuilder("externalRef,receivedAt,channel,customerName,customerProvince,unitCode,"
                + "unitProvince,productCode,productCategory,regulated,batchNumber,productionDate,productionSite,quantity,"
                + "problemCategory,remoteReplyPossible\n");
        for (int i = 0; i < rows; i++) {
            csv.append(prefix).append(i).append(',').append(java.time.OffsetDateTime.parse(from)
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

    /** 4 clients post new cases while {@code posting}, also while the process is being killed. */
    private void load(String key, Map<String, Long> acknowledged, AtomicBoolean posting) throws Exception {
        String example = Files.readString(Path.of("docs/examples/case.json"));
        for (int c = 0; c < 4; c++) {
            int client = c;
            Thread thread = new Thread(() -> {
                for (int n = 0; posting.get(); n++) {
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
        }
    }

}
