package com.example.aftersales.activation;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import com.example.aftersales.replay.ReplayRun;
import com.example.aftersales.replay.ReplayService;
import com.example.aftersales.rulesets.InvalidRulesetException;
import com.example.aftersales.rulesets.RulesetStore;
import com.example.aftersales.rulesets.UnknownRulesetException;

/**
 * Who may make a ruleset version decide, and how it is recorded.
 * <ul>
 * <li>Every activation needs a comment (why), and a version that passed its validation.</li>
 * <li>A version that never decided needs its impact: a finished impact replay of that version, named in the request
 * or else its latest, recorded with the request ({@code aftersales.rules.impact-required}, on by default).</li>
 * <li>Four eyes ({@code aftersales.rules.four-eyes}, on by default): a quality manager requests, another approves;
 * the approver is neither the requester nor the version's author. With four eyes off, a request takes effect at once.</li>
 * <li>Emergency: a roll back to a version that decided before may take effect at once, with its reason, recorded as an
 * emergency.</li>
 * </ul>
 */
@Service
public class ActivationGovernance {

    public static final String PENDING = "PENDING";
    public static final String APPROVED = "APPROVED";
    public static final String REJECTED = "REJECTED";
    public static final String ACTIVATE = "ACTIVATE";
    public static final String ROLL_BACK = "ROLL_BACK";

    static final int MAX_COMMENT = 2000;

    /**
     * A request that a version decide: what, why, the impact seen, who asked and when; its decision (who, when, why)
     * and the activation it led to.
     */
    public record Request(long id, String version, String fromVersion, String kind, String comment, boolean emergency,
                          Long impactReplayId, String requestedBy, OffsetDateTime requestedAt, String status,
                          String decidedBy, OffsetDateTime decidedAt, String decisionComment, Long activationId) {

        public boolean pending() {
            return PENDING.equals(status);
        }
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final RulesetStore store;
    private final ReplayService replays;
    private final Clock clock;
    private final boolean fourEyes;
    private final boolean impactRequired;
    private final com.example.aftersales.shadow.ShadowService shadows;

    ActivationGovernance(JdbcClient jdbc, TransactionTemplate transaction, RulesetStore store, ReplayService replays, Clock clock,
                         com.example.aftersales.policy.RulesProperties rules,
                         com.example.aftersales.shadow.ShadowService shadows) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.store = store;
        this.replays = replays;
        this.clock = clock;
        this.fourEyes = rules.fourEyes();
        this.impactRequired = rules.impactRequired();
        this.shadows = shadows;
    }

    /**
     * What a version brings to its activation: its latest finished impact replay and, when it was shadowed on live
     * cases, its latest shadow run's agreement (shown beside the impact; not required).
     */
    public record Evidence(String version, Long impactReplayId, Shadow shadow) {
    }

    /** A shadow run's agreement, in short. */
    public record Shadow(long runId, String status, long shadowed, long agreed, long failed, long skipped, Double agreementRate,
                         java.util.List<com.example.aftersales.shadow.ShadowRun.TypeCount> differencesByType) {
    }

    /** The impact and the shadow agreement of a version, for its activation. */
    public Evidence evidence(String version) {
        if (!store.exists(version)) {
            throw new UnknownRulesetException(version);
        }
        return new Evidence(version, impact(version, null), shadow(version).orElse(null));
    }

    /** The latest shadow run of a version, in short, if it had one. */
    public Optional<Shadow> shadow(String version) {
        return shadows.latestFor(version).map(r -> new Shadow(r.id(), r.status(), r.shadowed(), r.agreed(), r.failed(),
                r.skipped(), r.agreementRate(), r.differencesByType()));
    }

    /** Whether an activation needs a second quality manager's approval. */
    public boolean fourEyes() {
        return fourEyes;
    }

    /** Whether a version that never decided needs a finished impact replay before it is requested. */
    public boolean impactRequired() {
        return impactRequired;
    }

    /**
     * Requests that a version decide. With four eyes off, or as an emergency roll back, it is activated at once (the
     * request is recorded as approved by its requester); otherwise it waits for a second quality manager.
     */
    public Request request(String version, String comment, Long impactReplayId, boolean emergency, String by) {
        String why = comment(comment, "comment");
        if (!store.exists(version)) {
            throw new UnknownRulesetException(version);
        }
        if (!store.validated(version)) {
            throw new InvalidRulesetException(version);
        }
        boolean rollBack = store.everActive(version);
        if (emergency && !rollBack) {
            throw ActivationRefusedException.conflict("activation.emergencyOnlyRollBack", short12(version));
        }
        Long impact = rollBack && impactReplayId == null ? null : impact(version, impactReplayId);
        if (!rollBack && impactRequired && impact == null) {
            throw ActivationRefusedException.conflict("activation.impactFirst", short12(version));
        }
        return transaction.execute(status -> {
            Optional<Request> pending = pendingFor(version);
            if (pending.isPresent()) {
                throw ActivationRefusedException.conflict("activation.alreadyRequested", short12(version),
                        pending.get().requestedBy());
            }
            OffsetDateTime now = OffsetDateTime.now(clock);
            var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
            jdbc.sql("""
                            insert into activation_request (version, from_version, kind, comment, emergency, impact_run_id,
                                requested_by, requested_at, status) values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(version, store.activeVersion(), rollBack ? ROLL_BACK : ACTIVATE, why, emergency, impact, by, now, PENDING)
                    .update(keys, "id");
            long id = ((Number) keys.getKeys().get("id")).longValue();
            if (!fourEyes || emergency) {
                return decide(find(id), APPROVED, null, by);
            }
            return find(id);
        });
    }

    /**
     * A second quality manager approves a pending request: the version is activated, the approval recorded with it.
     * The requester and the version's author may not approve.
     */
    public Request approve(long id, String comment, String by) {
        String why = comment(comment, "comment");
        return transaction.execute(status -> {
            Request request = pending(id);
            if (fourEyes && by.equals(request.requestedBy())) {
                throw ActivationRefusedException.conflict("activation.secondPerson", request.requestedBy());
            }
            String author = author(request.version());
            if (fourEyes && request.kind().equals(ACTIVATE) && by.equals(author)) {
                throw ActivationRefusedException.conflict("activation.notTheAuthor", author);
            }
            return decide(request, APPROVED, why, by);
        });
    }

    /** Rejects (or, by its requester, withdraws) a pending request, with the reason. */
    public Request reject(long id, String comment, String by) {
        String why = comment(comment, "comment");
        return transaction.execute(status -> decide(pending(id), REJECTED, why, by));
    }

    /**
     * {@code POST /api/rulesets/{version}/activate} under governance: with four eyes off, or as an emergency roll back,
     * a request that takes effect at once; with four eyes on, the approval of another person's pending request for the
     * version, and otherwise refused in words (409).
     */
    public RulesetStore.Activation activate(String version, String comment, Long impactReplayId, boolean emergency, String by) {
        comment(comment, "comment");
        if (!store.exists(version)) {
            throw new UnknownRulesetException(version);
        }
        if (!store.validated(version)) {
            throw new InvalidRulesetException(version);
        }
        Request done;
        if (!fourEyes || emergency) {
            done = request(version, comment, impactReplayId, emergency, by);
        } else {
            Request pending = pendingFor(version).orElseThrow(() ->
                    ActivationRefusedException.conflict("activation.requestFirst", short12(version)));
            if (pending.requestedBy().equals(by)) {
                throw ActivationRefusedException.conflict("activation.secondPerson", by);
            }
            done = approve(pending.id(), comment, by);
        }
        return store.activation(done.activationId()).orElseThrow();
    }

    /** The pending request for a version, if any. */
    public Optional<Request> pendingFor(String version) {
        return jdbc.sql("select * from activation_request where version = ? and status = ? order by id desc limit 1")
                .params(version, PENDING).query(ActivationGovernance::request).optional();
    }

    /** A version's requests, newest first. */
    public List<Request> requestsFor(String version) {
        return jdbc.sql("select * from activation_request where version = ? order by id desc").param(version)
                .query(ActivationGovernance::request).list();
    }

    /** The requests waiting for a decision, oldest first. */
    public List<Request> pending() {
        return jdbc.sql("select * from activation_request where status = ? order by id").param(PENDING)
                .query(ActivationGovernance::request).list();
    }

    /** The latest requests, newest first. */
    public List<Request> recent(int limit) {
        return jdbc.sql("select * from activation_request order by id desc limit " + Math.max(1, Math.min(limit, 500)))
                .query(ActivationGovernance::request).list();
    }

    public Request find(long id) {
        return jdbc.sql("select * from activation_request where id = ?").param(id).query(ActivationGovernance::request)
                .optional().orElseThrow(() -> new ActivationRefusedException(404, null,
                        com.example.aftersales.text.Text.of("activation.noRequest", id)));
    }

    /**
     * The impact a request of this version would record: the named replay (it must be a finished replay of this
     * version), or the version's latest finished one; null when there is none. A replay whose window held no case
     * (warning {@code EMPTY_WINDOW}) is no impact: it concluded nothing.
     */
    public Long impact(String version, Long impactReplayId) {
        if (impactReplayId != null) {
            ReplayRun run;
            try {
                run = replays.find(impactReplayId);
            } catch (RuntimeException e) {
                throw ActivationRefusedException.conflict("activation.notItsImpact", impactReplayId, short12(version));
            }
            if (!version.equals(run.candidateVersion())) {
                throw ActivationRefusedException.conflict("activation.notItsImpact", impactReplayId, short12(version));
            }
            if (!ReplayRun.SUCCEEDED.equals(run.status())) {
                throw ActivationRefusedException.conflict("activation.impactNotFinished", impactReplayId);
            }
            if (run.total() == 0) {
                // a window that held no case concluded nothing (EMPTY_WINDOW): it is not an impact seen
                throw ActivationRefusedException.conflict("activation.impactEmpty", impactReplayId);
            }
            return impactReplayId;
        }
        return replays.latestImpactSeen(version).orElse(null);
    }

    private Request pending(long id) {
        Request request = find(id);
        if (!request.pending()) {
            throw ActivationRefusedException.conflict("activation.alreadyDecided", id, request.decidedBy());
        }
        return request;
    }

    /** Records the decision (only on a request still pending: one of two approvals at once wins) and activates. */
    private Request decide(Request request, String decision, String why, String by) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        int updated = jdbc.sql("""
                        update activation_request set status = ?, decided_by = ?, decided_at = ?, decision_comment = ?
                        where id = ? and status = ?""")
                .params(decision, by, now, why, request.id(), PENDING).update();
        if (updated != 1) {
            throw ActivationRefusedException.conflict("activation.alreadyDecided", request.id(), find(request.id()).decidedBy());
        }
        if (APPROVED.equals(decision)) {
            boolean second = !by.equals(request.requestedBy());
            RulesetStore.Activation activation = store.activate(request.version(), request.comment(), by,
                    new RulesetStore.Approval(request.requestedBy(), request.requestedAt(), second ? by : null,
                            second ? why : null, request.impactReplayId(), request.emergency()));
            jdbc.sql("update activation_request set activation_id = ? where id = ?").params(activation.id(), request.id()).update();
        }
        return find(request.id());
    }

    private String author(String version) {
        return store.version(version).map(RulesetStore.Version::createdBy).orElse(null);
    }

    /** The comment, stripped; refused (400 naming the field) when missing or too long. */
    private static String comment(String comment, String field) {
        if (comment == null || comment.isBlank()) {
            throw ActivationRefusedException.missing(field);
        }
        String c = comment.strip();
        if (c.length() > MAX_COMMENT) {
            throw new ActivationRefusedException(400, field, com.example.aftersales.text.Text.of("activation.commentTooLong", MAX_COMMENT));
        }
        return c;
    }

    static String short12(String version) {
        return version == null || version.length() <= 12 ? version : version.substring(0, 12);
    }

    private static Request request(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        Number impact = (Number) rs.getObject("impact_run_id");
        Number activation = (Number) rs.getObject("activation_id");
        return new Request(rs.getLong("id"), rs.getString("version"), rs.getString("from_version"), rs.getString("kind"),
                rs.getString("comment"), rs.getBoolean("emergency"), impact == null ? null : impact.longValue(),
                rs.getString("requested_by"), rs.getObject("requested_at", OffsetDateTime.class), rs.getString("status"),
                rs.getString("decided_by"), rs.getObject("decided_at", OffsetDateTime.class), rs.getString("decision_comment"),
                activation == null ? null : activation.longValue());
    }
}
