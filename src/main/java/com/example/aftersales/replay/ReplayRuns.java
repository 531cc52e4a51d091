package com.example.aftersales.replay;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import tools.jackson.databind.json.JsonMapper;

/** The replay runs and their changed cases. */
@Repository
class ReplayRuns {

    private final JdbcClient jdbc;
    private final org.springframework.jdbc.core.JdbcTemplate batch;
    private final JsonMapper json;

    ReplayRuns(JdbcClient jdbc, org.springframework.jdbc.core.JdbcTemplate batch, JsonMapper json) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.json = json;
    }

    long create(String candidate, String baseline, LocalDate from, LocalDate to, ReplayRequest.Filters filters,
                long total, OffsetDateTime now, String by) {
        var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.sql("""
                        insert into replay_run (status, candidate_version, baseline_version, from_date, to_date, filters_json,
                            total, done, changed, summary_json, elapsed_millis, created_at, requested_by)
                        values (?, ?, ?, ?, ?, ?, ?, 0, 0, ?, 0, ?, ?)""")
                .params(ReplayRun.RUNNING, candidate, baseline, from, to, json.writeValueAsString(filters), total,
                        json.writeValueAsString(new ReplaySummary().view()), now, by)
                .update(keys, "id");
        return ((Number) keys.getKeys().get("id")).longValue();
    }

    Optional<ReplayRun> find(long id) {
        return jdbc.sql("select * from replay_run where id = ?").param(id).query(this::run).optional();
    }

    /** The latest run with this candidate version. */
    Optional<Long> latestFor(String candidateVersion) {
        return jdbc.sql("select id from replay_run where candidate_version = ? order by id desc limit 1").param(candidateVersion)
                .query(Long.class).optional();
    }

    /** The latest run of this candidate that succeeded over at least one case. */
    Optional<Long> latestSucceededOverCases(String candidateVersion) {
        return jdbc.sql("select id from replay_run where candidate_version = ? and status = ? and total > 0 order by id desc limit 1")
                .params(candidateVersion, ReplayRun.SUCCEEDED).query(Long.class).optional();
    }

    List<ReplayRun> recent(int limit) {
        return jdbc.sql("select * from replay_run order by id desc limit " + Math.max(1, limit)).query(this::run).list();
    }

    /**
     * Adds a chunk to a run that is still running, in the chunk's transaction: its cases to the run's counts and summary
     * (read and written under the run's row lock, so the partitions of a run, wherever they run, add up exactly) and
     * its changed cases; answers the run's cases done since, or empty when it no longer runs (a cancelled run saves
     * nothing more). The run's working time grows by the time since its last committed chunk — or since
     * {@code workingSince}, when this partition started working after that — so partitions working side by side count
     * their common time once.
     */
    java.util.OptionalLong progress(long id, int cases, ReplaySummary chunk, OffsetDateTime workingSince, OffsetDateTime now,
                                    List<Object[]> changes) {
        record Row(long done, String summary, long elapsed, OffsetDateTime progressAt) {
        }
        Optional<Row> locked = jdbc.sql("""
                        select done, summary_json, elapsed_millis, progress_at from replay_run
                        where id = ? and status = ? for update""")
                .params(id, ReplayRun.RUNNING)
                .query((rs, i) -> new Row(rs.getLong("done"), rs.getString("summary_json"), rs.getLong("elapsed_millis"),
                        rs.getObject("progress_at", OffsetDateTime.class))).optional();
        if (locked.isEmpty()) {
            return java.util.OptionalLong.empty();
        }
        Row row = locked.get();
        ReplaySummary summary = ReplaySummary.of(json.readValue(row.summary(), ReplaySummary.View.class));
        summary.add(chunk);
        OffsetDateTime from = row.progressAt() == null || row.progressAt().isBefore(workingSince) ? workingSince : row.progressAt();
        long elapsed = row.elapsed() + Math.max(0, java.time.Duration.between(from, now).toMillis());
        long done = row.done() + cases;
        jdbc.sql("""
                        update replay_run set done = ?, changed = ?, summary_json = ?, elapsed_millis = ?, progress_at = ?
                        where id = ?""")
                .params(done, summary.changed(), json.writeValueAsString(summary.view()), elapsed, now, id).update();
        if (!changes.isEmpty()) {
            batch.batchUpdate("""
                    insert into replay_change (run_id, case_id, received_at, before_json, after_json, external_ref,
                        unit_code, customer_province, product_category) values (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    changes.stream().map(c -> new Object[] {id, c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]}).toList());
        }
        return java.util.OptionalLong.of(done);
    }

    /** An instance that works on replay partitions is alive now. */
    void heard(String worker, OffsetDateTime now) {
        if (jdbc.sql("update replay_worker set heard_at = ? where name = ?").params(now, worker).update() == 0) {
            jdbc.sql("insert into replay_worker (name, heard_at) values (?, ?)").params(worker, now).update();
        }
    }

    /** An instance that works on replay partitions stops. */
    void gone(String worker) {
        jdbc.sql("delete from replay_worker where name = ?").param(worker).update();
    }

    /** Whether an instance that works on replay partitions was heard from since then. */
    boolean heardSince(String worker, OffsetDateTime since) {
        return jdbc.sql("select count(*) from replay_worker where name = ? and heard_at >= ?").params(worker, since)
                .query(Long.class).single() > 0;
    }

    /** Whether a run is still running (not finished, failed or cancelled). */
    boolean running(long id) {
        return jdbc.sql("select count(*) from replay_run where id = ? and status = ?").params(id, ReplayRun.RUNNING)
                .query(Long.class).single() == 1;
    }

    /** Saves the summary of a running run (its warnings, when no chunk saved it). */
    void saveSummary(long id, ReplaySummary summary) {
        jdbc.sql("update replay_run set summary_json = ? where id = ? and status = ?")
                .params(json.writeValueAsString(summary.view()), id, ReplayRun.RUNNING).update();
    }

    /** A run still running, and when it was created. */
    record Running(long id, OffsetDateTime createdAt) {
    }

    /** The runs still running, oldest first. */
    List<Running> running() {
        return jdbc.sql("select id, created_at from replay_run where status = ? order by id").param(ReplayRun.RUNNING)
                .query((rs, i) -> new Running(rs.getLong("id"), rs.getObject("created_at", OffsetDateTime.class))).list();
    }

    /**
     * Takes the restart of a run's interrupted job execution ({@code 0}: a job that never started): answers whether this
     * caller got it. Of several instances that find the same execution interrupted, exactly one does; the same execution
     * can be claimed again only once its last claim is older than {@code claimedBefore} (that restart never got going).
     */
    boolean claimRestart(long id, long execution, OffsetDateTime now, OffsetDateTime claimedBefore) {
        return jdbc.sql("""
                        update replay_run set restarts = restarts + 1, restarted_execution = ?, restart_claimed_at = ?
                        where id = ? and status = ?
                          and (restarted_execution is null or restarted_execution <> ? or restart_claimed_at < ?)""")
                .params(execution, now, id, ReplayRun.RUNNING, execution, claimedBefore).update() == 1;
    }

    /** A run that restarts from nothing (it never got to its first chunk): its counts start again at zero. */
    void resetProgress(long id) {
        jdbc.sql("""
                        update replay_run set done = 0, changed = 0, summary_json = ?, elapsed_millis = 0, progress_at = null
                        where id = ? and status = ?""")
                .params(json.writeValueAsString(new ReplaySummary().view()), id, ReplayRun.RUNNING).update();
        jdbc.sql("delete from replay_change where run_id = ?").param(id).update();
    }

    /** Ends a run that is still running; answers whether it was. */
    boolean finish(long id, String status, String error, OffsetDateTime now) {
        return jdbc.sql("update replay_run set status = ?, error = ?, finished_at = ? where id = ? and status = ?")
                .params(status, error, now, id, ReplayRun.RUNNING).update() == 1;
    }

    long countChanges(long id) {
        return countChanges(id, ChangeScope.ALL);
    }

    long countChanges(long id, ChangeScope scope) {
        List<Object> params = new ArrayList<>(List.of(id));
        String where = scoped(scope, params);
        return jdbc.sql("select count(*) from replay_change r where r.run_id = ?" + where).params(params).query(Long.class).single();
    }

    List<Map<String, Object>> changes(long id, int page, int size) {
        return changes(id, ChangeScope.ALL, page, size);
    }

    /** A page of the run's changed cases within the scope (the case's unit, province, category), oldest first. */
    List<Map<String, Object>> changes(long id, ChangeScope scope, int page, int size) {
        List<Object> params = new ArrayList<>(List.of(id));
        String where = scoped(scope, params);
        params.add(size);
        params.add((long) page * size);
        // with the case's reference, which people know it by (kept with the change)
        return jdbc.sql("select r.case_id, r.external_ref, r.received_at, r.before_json, r.after_json"
                        + " from replay_change r where r.run_id = ?" + where + " order by r.received_at, r.case_id limit ? offset ?")
                .params(params).query().listOfRows();
    }

    private static String scoped(ChangeScope scope, List<Object> params) {
        StringBuilder where = new StringBuilder();
        if (scope.unit() != null) { where.append(" and r.unit_code = ?"); params.add(scope.unit()); }
        if (scope.province() != null) { where.append(" and r.customer_province = ?"); params.add(scope.province()); }
        if (scope.category() != null) { where.append(" and r.product_category = ?"); params.add(scope.category()); }
        return where.toString();
    }

    /** Streams every changed case of a run, in order, a page at a time. */
    void eachChange(long id, Consumer<Map<String, Object>> consumer) {
        eachChange(id, ChangeScope.ALL, consumer);
    }

    void eachChange(long id, ChangeScope scope, Consumer<Map<String, Object>> consumer) {
        int page = 0;
        List<Map<String, Object>> rows;
        do {
            rows = changes(id, scope, page++, 1000);
            rows.forEach(consumer);
        } while (rows.size() == 1000);
    }

    private ReplayRun run(ResultSet rs, int row) throws SQLException {
        return new ReplayRun(rs.getLong("id"), rs.getString("status"), rs.getString("candidate_version"),
                rs.getString("baseline_version"), rs.getObject("from_date", LocalDate.class),
                rs.getObject("to_date", LocalDate.class),
                json.readValue(rs.getString("filters_json"), ReplayRequest.Filters.class), rs.getLong("total"),
                rs.getLong("done"), rs.getLong("changed"),
                json.readValue(rs.getString("summary_json"), ReplaySummary.View.class), rs.getString("error"),
                rs.getLong("elapsed_millis"), rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("finished_at", OffsetDateTime.class), rs.getString("requested_by"));
    }
}
