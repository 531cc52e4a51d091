package com.example.aftersales.imports.internal;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

import tools.jackson.databind.json.JsonMapper;

import com.example.aftersales.cases.DurableReads;

/**
 * Case imports as jobs ({@code import_job}), like replays: started once the file has been read and checked, run on
 * this instance's import threads (or, for a small file, in the request), their progress written as they go, one
 * running at a time per person (a unique column decides, across instances), cancellable between two rows.
 * <p>
 * What is acknowledged: the job, once answered 202 (its row is committed); each row, once a progress or the report
 * counts it (a row is committed before it is counted). A job whose instance stopped (kill -9, a crash) is reported
 * INTERRUPTED when its lease runs out: the rows recorded until then are kept, and sending the file again completes
 * it (recorded rows are skipped).
 */
@Service
class ImportJobs {

    private static final Logger log = LoggerFactory.getLogger(ImportJobs.class);
    /** Progress is written at most this often (and at the end). */
    private static final long PROGRESS_NANOS = 500_000_000L;

    private final JdbcClient jdbc;
    private final CaseImporter importer;
    private final ImportProperties properties;
    private final JsonMapper json;
    private final Clock clock;
    private final ExecutorService runners;
    private final DurableReads durable;
    private final Map<Long, AtomicBoolean> cancelled = new ConcurrentHashMap<>();
    private final String instance = "import/" + ProcessHandle.current().pid() + "/" + UUID.randomUUID().toString().substring(0, 8);

    ImportJobs(JdbcClient jdbc, CaseImporter importer, ImportProperties properties, JsonMapper json, Clock clock,
               DurableReads durable) {
        this.durable = durable;
        this.jdbc = jdbc;
        this.importer = importer;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
        this.runners = Executors.newFixedThreadPool(Math.max(1, properties.threads()), r -> {
            Thread t = new Thread(r, "import-job");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Records a job for the plan, running for {@code by}; refused ({@link ImportJobExceptions.Busy}, 409) while
     * {@code by} has one running.
     */
    long create(CaseImporter.Plan plan, String filename, String by) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        var keys = new GeneratedKeyHolder();
        try {
            jdbc.sql("""
                            insert into import_job (status, requested_by, running_by, filename, total, done, imported, skipped,
                                                    rejected, owner, lease_until, created_at)
                            values (?, ?, ?, ?, ?, 0, 0, 0, 0, ?, ?, ?)""")
                    .params(ImportJob.RUNNING, by, by, filename == null ? null : truncate(filename, 300), plan.total(),
                            instance, now.plus(properties.lease()), now)
                    .update(keys, "id");
        } catch (DuplicateKeyException e) {
            long running = jdbc.sql("select id from import_job where running_by = ?").param(by).query(Long.class)
                    .optional().orElse(0L);
            throw new ImportJobExceptions.Busy(running);
        }
        long id = ((Number) keys.getKeys().get("id")).longValue();
        cancelled.put(id, new AtomicBoolean());
        return id;
    }

    /** Runs the job on the import threads (202: the caller follows it with GET). */
    void submit(long id, CaseImporter.Plan plan, String by) {
        runners.submit(() -> run(id, plan, by));
    }

    /** Runs the job in the caller's thread and answers its report (a small file, answered at once). */
    ImportReport runHere(long id, CaseImporter.Plan plan, String by) {
        return run(id, plan, by);
    }

    private ImportReport run(long id, CaseImporter.Plan plan, String by) {
        AtomicBoolean stop = cancelled.computeIfAbsent(id, k -> new AtomicBoolean());
        long[] lastWrite = {0};
        try {
            ImportReport report = importer.run(plan, by, (done, imported, skipped, rejected) -> {
                if (stop.get() || Thread.currentThread().isInterrupted()) {
                    return false;
                }
                long now = System.nanoTime();
                if (now - lastWrite[0] >= PROGRESS_NANOS) {
                    lastWrite[0] = now;
                    // 0 rows: the job was cancelled (perhaps through another instance) or given up as interrupted
                    return progress(id, done, imported, skipped, rejected) == 1;
                }
                return true;
            });
            finish(id, report, ImportJob.SUCCEEDED, null);
            return report;
        } catch (RuntimeException e) {
            String reference = UUID.randomUUID().toString().substring(0, 8);
            log.error("Import job {} failed (reference {})", id, reference, e);
            finish(id, null, ImportJob.FAILED, reference);
            throw e;
        } finally {
            cancelled.remove(id);
        }
    }

    private int progress(long id, int done, int imported, int skipped, int rejected) {
        return jdbc.sql("""
                        update import_job set done = ?, imported = ?, skipped = ?, rejected = ?, lease_until = ?
                        where id = ? and status = ?""")
                .params(done, imported, skipped, rejected, OffsetDateTime.now(clock).plus(properties.lease()), id,
                        ImportJob.RUNNING)
                .update();
    }

    /**
     * The job's end: SUCCEEDED with its report, unless it was cancelled meanwhile, then it keeps CANCELLED with the
     * report of what it did until it stopped.
     */
    private void finish(long id, ImportReport report, String status, String error) {
        String reportJson = report == null ? null : json.writeValueAsString(report);
        int done = report == null ? 0 : report.imported() + report.skippedDuplicates() + report.rejected().size();
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (report == null) {
            jdbc.sql("update import_job set status = ?, running_by = null, error = ?, finished_at = ? where id = ? and status = ?")
                    .params(status, error, now, id, ImportJob.RUNNING).update();
            return;
        }
        int updated = jdbc.sql("""
                        update import_job set status = ?, running_by = null, done = ?, imported = ?, skipped = ?,
                                              rejected = ?, report_json = ?, finished_at = ?
                        where id = ? and status = ?""")
                .params(status, done, report.imported(), report.skippedDuplicates(), report.rejected().size(), reportJson,
                        now, id, ImportJob.RUNNING)
                .update();
        if (updated == 0) {
            jdbc.sql("""
                            update import_job set done = ?, imported = ?, skipped = ?, rejected = ?, report_json = ?
                            where id = ? and status = ?""")
                    .params(done, report.imported(), report.skippedDuplicates(), report.rejected().size(), reportJson,
                            id, ImportJob.CANCELLED)
                    .update();
        }
    }

    /** A job as it stands, its progress on the file (a kill -9 keeps what this shows). */
    ImportJob find(long id) {
        ImportJob job = jdbc.sql("""
                        select id, status, requested_by, filename, total, done, imported, skipped, rejected, report_json,
                               error, created_at, finished_at
                        from import_job where id = ?""")
                .param(id)
                .query((rs, i) -> new ImportJob(rs.getLong("id"), rs.getString("status"), rs.getString("requested_by"),
                        rs.getString("filename"), rs.getInt("total"), rs.getInt("done"), rs.getInt("imported"),
                        rs.getInt("skipped"), rs.getInt("rejected"), rs.getString("report_json"), rs.getString("error"),
                        rs.getObject("created_at", OffsetDateTime.class), rs.getObject("finished_at", OffsetDateTime.class)))
                .optional().orElseThrow(() -> new ImportJobExceptions.NotFound(id));
        durable.beforeShowing("import " + id, List.of(job.status(), job.done(), job.imported(), job.skipped(), job.rejected()));
        return job;
    }

    /**
     * Stops a running job after the row it is on (on any instance: its next progress finds it cancelled); answers
     * the job as it then stands. A job that ended stays as it ended.
     */
    ImportJob cancel(long id) {
        find(id);
        jdbc.sql("update import_job set status = ?, running_by = null, finished_at = ? where id = ? and status = ?")
                .params(ImportJob.CANCELLED, OffsetDateTime.now(clock), id, ImportJob.RUNNING).update();
        Optional.ofNullable(cancelled.get(id)).ifPresent(flag -> flag.set(true));
        return find(id);
    }

    @EventListener(ApplicationReadyEvent.class)
    void atStart() {
        interruptOrphans();
    }

    /** Renews the leases of the jobs running here; reports as INTERRUPTED those of instances that stopped. */
    @Scheduled(fixedDelayString = "${aftersales.import.lease-check-millis:5000}",
            initialDelayString = "${aftersales.import.lease-check-millis:5000}")
    void keepLeases() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        jdbc.sql("update import_job set lease_until = ? where owner = ? and status = ?")
                .params(now.plus(properties.lease()), instance, ImportJob.RUNNING).update();
        interruptOrphans();
    }

    private void interruptOrphans() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        int interrupted = jdbc.sql("""
                        update import_job set status = ?, running_by = null, finished_at = ?
                        where status = ? and (lease_until is null or lease_until < ?)""")
                .params(ImportJob.INTERRUPTED, now, ImportJob.RUNNING, now).update();
        if (interrupted > 0) {
            log.warn("{} import job(s) interrupted: their instance stopped while they ran", interrupted);
        }
    }

    /** The jobs running here stop; they are reported INTERRUPTED (the rows recorded so far are kept). */
    @PreDestroy
    void stop() {
        runners.shutdownNow();
        cancelled.values().forEach(flag -> flag.set(true));
        try {
            jdbc.sql("update import_job set status = ?, running_by = null, finished_at = ? where owner = ? and status = ?")
                    .params(ImportJob.INTERRUPTED, OffsetDateTime.now(clock), instance, ImportJob.RUNNING).update();
        } catch (RuntimeException e) {
            log.warn("Could not mark the import jobs of {} interrupted: they are when their lease runs out", instance, e);
        }
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
