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
    private final JsonMapper json;

    ReplayRuns(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    long create(String candidate, String baseline, LocalDate from, LocalDate to, ReplayRequest.Filters filters,
                long total, OffsetDateTime now, String by, String owner, OffsetDateTime leaseUntil) {
        var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.sql("""
                        insert into replay_run (status, candidate_version, baseline_version, from_date, to_date, filters_json,
                            total, done, changed, summary_json, elapsed_millis, created_at, requested_by, owner, lease_until)
                        values (?, ?, ?, ?, ?, ?, ?, 0, 0, ?, 0, ?, ?, ?, ?)""")
                .params(ReplayRun.RUNNING, candidate, baseline, from, to, json.writeValueAsString(filters), total,
                        json.writeValueAsString(new ReplaySummary().view()), now, by, owner, leaseUntil)
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
     * Saves progress: the chunk's changed cases and the run's counts and checkpoint, in the caller's transaction, if
     * the run is still running and still this owner's; otherwise throws {@link LostRun}, which rolls it back.
     */
    void checkpoint(long id, String owner, long done, ReplaySummary summary, OffsetDateTime lastReceivedAt, long lastCaseId,
                    long elapsedMillis, List<Object[]> changes) {
        int updated = jdbc.sql("""
                        update replay_run set done = ?, changed = ?, summary_json = ?, checkpoint_received_at = ?,
                            checkpoint_case_id = ?, elapsed_millis = ?
                        where id = ? and status = ? and owner = ?""")
                .params(done, summary.changed(), json.writeValueAsString(summary.view()), lastReceivedAt, lastCaseId,
                        elapsedMillis, id, ReplayRun.RUNNING, owner)
                .update();
        if (updated == 0) {
            throw new LostRun(id);
        }
        for (Object[] change : changes) {
            jdbc.sql("""
                            insert into replay_change (run_id, case_id, received_at, before_json, after_json, external_ref,
                                unit_code, customer_province, product_category) values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(id, change[0], change[1], change[2], change[3], change[4], change[5], change[6], change[7])
                    .update();
        }
    }

    /** Saves the summary of a running run (its warnings, when no chunk saved it). */
    void saveSummary(long id, ReplaySummary summary) {
        jdbc.sql("update replay_run set summary_json = ? where id = ? and status = ?")
                .params(json.writeValueAsString(summary.view()), id, ReplayRun.RUNNING).update();
    }

    /** A run that was cancelled, or adopted by another instance, while this one worked on it. */
    static final class LostRun extends RuntimeException {
        LostRun(long id) {
            super("replay " + id + " is no longer this instance's to run");
        }
    }

    /** Running runs whose lease has expired: their instance stopped. */
    List<Long> orphans(OffsetDateTime now) {
        return jdbc.sql("select id from replay_run where status = ? and (lease_until is null or lease_until < ?) order by id")
                .params(ReplayRun.RUNNING, now).query(Long.class).list();
    }

    /** Takes an orphaned run over; answers whether this owner got it (one instance does). */
    boolean claim(long id, String owner, OffsetDateTime now, OffsetDateTime leaseUntil) {
        return jdbc.sql("""
                        update replay_run set owner = ?, lease_until = ?
                        where id = ? and status = ? and (lease_until is null or lease_until < ?)""")
                .params(owner, leaseUntil, id, ReplayRun.RUNNING, now).update() == 1;
    }

    /** Renews the leases of the runs this owner works on. */
    void renew(String owner, OffsetDateTime leaseUntil) {
        jdbc.sql("update replay_run set lease_until = ? where owner = ? and status = ?")
                .params(leaseUntil, owner, ReplayRun.RUNNING).update();
    }

    /** Gives up this owner's runs at once (the instance is stopping), so another instance or the next start adopts them. */
    void release(String owner) {
        jdbc.sql("update replay_run set owner = null, lease_until = null where owner = ? and status = ?")
                .params(owner, ReplayRun.RUNNING).update();
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
                rs.getLong("done"), rs.getLong("changed"), rs.getObject("checkpoint_received_at", OffsetDateTime.class),
                rs.getObject("checkpoint_case_id", Long.class),
                json.readValue(rs.getString("summary_json"), ReplaySummary.View.class), rs.getString("error"),
                rs.getLong("elapsed_millis"), rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("finished_at", OffsetDateTime.class), rs.getString("requested_by"));
    }
}
