package com.example.aftersales.shadow;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import com.example.aftersales.replay.DecisionComparison;
import com.example.aftersales.replay.ReplaySummary;

/** The shadow runs and their differences, in the database: shared by every instance, kept across restarts. */
@Repository
class ShadowRuns {

    private static final TypeReference<List<ShadowRun.Rule>> RULES = new TypeReference<>() { };
    private static final String COLUMNS = """
            id, draft_version, active_version, status, stop_reason, started_by, started_at, ends_at, max_cases, stopped_by,
            stopped_at, shadowed, agreed, failed, skipped, summary_json""";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final org.springframework.jdbc.core.JdbcTemplate batch;

    ShadowRuns(JdbcClient jdbc, JsonMapper json, org.springframework.jdbc.core.JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.json = json;
        this.batch = batch;
    }

    /** A run going on, as an instance needs it to shadow. */
    record Running(long id, String draftVersion, OffsetDateTime endsAt) {
    }

    /** One shadowed evaluation, to be written: its differences (none when it agreed) and whether the draft failed. */
    record Shadowed(long caseId, long evaluationId, boolean agreed, boolean failed, List<Object[]> differences) {
    }

    long create(String draftVersion, String activeVersion, String by, OffsetDateTime now, OffsetDateTime endsAt, Long maxCases) {
        var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.sql("""
                        insert into shadow_run (draft_version, active_version, status, started_by, started_at, ends_at, max_cases,
                            summary_json) values (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(draftVersion, activeVersion, ShadowRun.RUNNING, by, now, endsAt, maxCases,
                        json.writeValueAsString(DecisionComparison.empty().view()))
                .update(keys, "id");
        return ((Number) keys.getKeys().get("id")).longValue();
    }

    Optional<ShadowRun> find(long id) {
        return jdbc.sql("select " + COLUMNS + " from shadow_run where id = ?").param(id).query(this::run).optional()
                .map(this::withDifferenceCounts);
    }

    /** The latest runs, newest first (without their differences by type). */
    List<ShadowRun> recent(int limit) {
        return jdbc.sql("select " + COLUMNS + " from shadow_run order by id desc limit " + Math.max(1, limit))
                .query(this::run).list();
    }

    /** The latest run of a draft. */
    Optional<ShadowRun> latestFor(String draftVersion) {
        return jdbc.sql("select " + COLUMNS + " from shadow_run where draft_version = ? order by id desc limit 1")
                .param(draftVersion).query(this::run).optional().map(this::withDifferenceCounts);
    }

    List<Running> running() {
        return jdbc.sql("select id, draft_version, ends_at from shadow_run where status = ? order by id")
                .param(ShadowRun.RUNNING)
                .query((rs, i) -> new Running(rs.getLong(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class))).list();
    }

    long countRunning() {
        return jdbc.sql("select count(*) from shadow_run where status = ?").param(ShadowRun.RUNNING).query(Long.class).single();
    }

    /** Stops a run that is going on; false when it had stopped already. */
    boolean stop(long id, String reason, String by, OffsetDateTime now) {
        return jdbc.sql("update shadow_run set status = ?, stop_reason = ?, stopped_by = ?, stopped_at = ? where id = ? and status = ?")
                .params(ShadowRun.STOPPED, reason, by, now, id, ShadowRun.RUNNING).update() == 1;
    }

    /** Stops the runs whose end date has come. */
    int expire(OffsetDateTime now) {
        return jdbc.sql("update shadow_run set status = ?, stop_reason = ?, stopped_at = ends_at where status = ? and ends_at <= ?")
                .params(ShadowRun.STOPPED, ShadowRun.END_DATE, ShadowRun.RUNNING, now).update();
    }

    void addSkipped(long id, long skipped) {
        jdbc.sql("update shadow_run set skipped = skipped + ? where id = ?").params(skipped, id).update();
    }

    /**
     * Writes shadowed evaluations into a run that is going on, under its row lock (instances write into the same run):
     * no more than its {@code maxCases} in all, and none once it has stopped or ended; the run stops when it has seen
     * its {@code maxCases}. Answers how many were counted. Call in a transaction.
     */
    int record(long id, List<Shadowed> shadowed, DecisionComparison[] comparisons, OffsetDateTime now) {
        Locked row = jdbc.sql("select status, shadowed, max_cases, ends_at, summary_json from shadow_run where id = ? for update")
                .param(id).query((rs, i) -> new Locked(rs.getString(1), rs.getLong(2), (Number) rs.getObject(3),
                        rs.getObject(4, OffsetDateTime.class), rs.getString(5))).optional().orElse(null);
        if (row == null || !ShadowRun.RUNNING.equals(row.status())) {
            return 0;
        }
        OffsetDateTime endsAt = row.endsAt();
        if (endsAt != null && !endsAt.isAfter(now)) {
            jdbc.sql("update shadow_run set status = ?, stop_reason = ?, stopped_at = ? where id = ?")
                    .params(ShadowRun.STOPPED, ShadowRun.END_DATE, endsAt, id).update();
            return 0;
        }
        long seen = row.shadowed();
        Number max = row.maxCases();
        int n = shadowed.size();
        if (max != null) {
            n = (int) Math.max(0, Math.min(n, max.longValue() - seen));
        }
        DecisionComparison summary = DecisionComparison.of(json.readValue(row.summaryJson(), ReplaySummary.View.class));
        long agreed = 0;
        long failed = 0;
        List<Object[]> differences = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Shadowed s = shadowed.get(i);
            if (s.agreed()) agreed++;
            if (s.failed()) failed++;
            if (comparisons[i] != null) summary.add(comparisons[i]);
            for (Object[] d : s.differences()) {
                Object[] withRun = new Object[d.length + 2];
                withRun[0] = id;
                System.arraycopy(d, 0, withRun, 1, d.length);
                withRun[d.length + 1] = now;
                differences.add(withRun);
            }
        }
        if (!differences.isEmpty()) {
            batch.batchUpdate("""
                    insert into shadow_difference (run_id, case_id, evaluation_id, decision_type, active_value, shadow_value,
                        active_only_rules, shadow_only_rules, recorded_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)""", differences);
        }
        boolean full = max != null && seen + n >= max.longValue();
        jdbc.sql("""
                        update shadow_run set shadowed = shadowed + ?, agreed = agreed + ?, failed = failed + ?, summary_json = ?,
                            status = ?, stop_reason = ?, stopped_at = ? where id = ?""")
                .params(n, agreed, failed, json.writeValueAsString(summary.view()),
                        full ? ShadowRun.STOPPED : ShadowRun.RUNNING, full ? ShadowRun.MAX_CASES : null, full ? now : null, id)
                .update();
        return n;
    }

    private record Locked(String status, long shadowed, Number maxCases, OffsetDateTime endsAt, String summaryJson) {
    }

    /** Differences of a run, optionally of one decision type, oldest first, a page at a time. */
    ShadowRun.Page differences(long id, String type, int page, int size) {
        String where = type == null ? "run_id = ?" : "run_id = ? and decision_type = ?";
        Object[] params = type == null ? new Object[] {id} : new Object[] {id, type};
        long total = jdbc.sql("select count(*) from shadow_difference where " + where).params(params).query(Long.class).single();
        List<ShadowRun.Difference> items = jdbc.sql("""
                        select id, case_id, evaluation_id, decision_type, active_value, shadow_value, active_only_rules,
                            shadow_only_rules, recorded_at from shadow_difference""" + " where " + where
                        + " order by id limit " + size + " offset " + ((long) page * size))
                .params(params)
                .query((rs, i) -> new ShadowRun.Difference(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), json.readValue(rs.getString(7), RULES),
                        json.readValue(rs.getString(8), RULES), rs.getObject(9, OffsetDateTime.class)))
                .list();
        return new ShadowRun.Page(items, total, page, size);
    }

    private ShadowRun withDifferenceCounts(ShadowRun run) {
        List<ShadowRun.TypeCount> counts = jdbc.sql("""
                        select decision_type, count(*) from shadow_difference where run_id = ? group by decision_type
                        order by count(*) desc, decision_type""")
                .param(run.id()).query((rs, i) -> new ShadowRun.TypeCount(rs.getString(1), rs.getLong(2))).list();
        return new ShadowRun(run.id(), run.draftVersion(), run.activeVersion(), run.status(), run.stopReason(), run.startedBy(),
                run.startedAt(), run.endsAt(), run.maxCases(), run.stoppedBy(), run.stoppedAt(), run.shadowed(), run.agreed(),
                run.failed(), run.skipped(), run.agreementRate(), counts, run.warnings(), run.comparison());
    }

    private ShadowRun run(ResultSet rs, int i) throws SQLException {
        long shadowed = rs.getLong("shadowed");
        long agreed = rs.getLong("agreed");
        long failed = rs.getLong("failed");
        long skipped = rs.getLong("skipped");
        Number max = (Number) rs.getObject("max_cases");
        List<String> warnings = new ArrayList<>();
        if (skipped > 0) warnings.add(ShadowRun.SAMPLED);
        if (failed > 0) warnings.add(ShadowRun.DRAFT_FAILED);
        return new ShadowRun(rs.getLong("id"), rs.getString("draft_version"), rs.getString("active_version"),
                rs.getString("status"), rs.getString("stop_reason"), rs.getString("started_by"),
                rs.getObject("started_at", OffsetDateTime.class), rs.getObject("ends_at", OffsetDateTime.class),
                max == null ? null : max.longValue(), rs.getString("stopped_by"), rs.getObject("stopped_at", OffsetDateTime.class),
                shadowed, agreed, failed, skipped, shadowed == 0 ? null : (double) agreed / shadowed, List.of(),
                List.copyOf(warnings), json.readValue(rs.getString("summary_json"), ReplaySummary.View.class));
    }
}
