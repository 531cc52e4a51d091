package com.example.aftersales.rulesets;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.example.aftersales.policy.CompiledRuleset;
import com.example.aftersales.policy.PolicyEngine;
import com.example.aftersales.policy.RuleFiles;

/**
 * Every ruleset version's files, kept in the database so that any version that ever decided can be compiled again.
 * The files the service starts with are stored as a version when they are new.
 */
@Service
public class RulesetStore {

    /** Who made what the service does by itself when it starts. */
    static final String START_UP = "start-up";

    /** Compiled versions kept for replays; a compile takes seconds, a rule base some megabytes. */
    private static final int CACHED = 4;

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final PolicyEngine engine;
    private final Clock clock;
    private final tools.jackson.databind.json.JsonMapper json;
    /**
     * The id of the newest activation this instance has made or followed: {@link #followActivations()} follows only
     * newer ones, so a poll that read the table just before this instance's own activation committed cannot switch
     * the engine back to the version it replaced.
     */
    private volatile long followed;
    private final Map<String, CompiledRuleset> compiled = new LinkedHashMap<>(CACHED, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CompiledRuleset> eldest) {
            return size() > CACHED;
        }
    };

    RulesetStore(JdbcClient jdbc, TransactionTemplate transaction, PolicyEngine engine, Clock clock,
                 tools.jackson.databind.json.JsonMapper json) {
        this.json = json;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.engine = engine;
        this.clock = clock;
        // the files' version, known before their compile is done (PolicyEngine compiles them meanwhile)
        String starting = engine.startingFiles().version();
        Latest latest = latestActivation();
        String lastActivated = latest == null ? null : latest.version();
        followed = latest == null ? 0 : latest.id();
        if (!exists(starting)) {
            // new files on disk (a developer's edit, or the first start): they become a version, and decide
            store(engine.startingFiles(), "FILES", "read from the rules folder at start-up", null, START_UP);
            followed = recordActivation(lastActivated, starting, "new rule files in the rules folder at start-up", START_UP).id();
        } else if (lastActivated != null && !lastActivated.equals(starting)) {
            // files already known: the version last activated decides, as before the restart
            engine.activate(compiled(lastActivated));
        } else if (lastActivated == null) {
            followed = recordActivation(null, starting, "rule files read at start-up", START_UP).id();
        }
    }

    /**
     * A version made active: from which, when, why, and by whom; and how it was governed — who requested it and when,
     * who approved it (when, with what comment), the impact replay seen, and whether it was an emergency roll back.
     * The governance fields are null for activations made without a request (start-up, reload, before governance).
     */
    public record Activation(long id, String fromVersion, String toVersion, String comment, OffsetDateTime activatedAt,
                             String activatedBy, String requestedBy, OffsetDateTime requestedAt, String approvedBy,
                             OffsetDateTime approvedAt, String approvalComment, Long impactReplayId, boolean emergency) {
    }

    /** How an activation was governed (see {@link Activation}). */
    public record Approval(String requestedBy, OffsetDateTime requestedAt, String approvedBy, String approvalComment,
                           Long impactReplayId, boolean emergency) {
    }

    /**
     * Makes a stored, valid version the one that decides. It is compiled (or taken from the cache) before the switch,
     * so the switch itself is instant; a draft whose validation failed is refused.
     */
    public Activation activate(String version, String comment, String by) {
        return activate(version, comment, by, null);
    }

    /** Activates a version as {@link #activate(String, String, String)}, recording how it was governed. */
    public synchronized Activation activate(String version, String comment, String by, Approval approval) {
        if (!validated(version)) {
            throw new InvalidRulesetException(version);
        }
        CompiledRuleset ruleset = compiled(version);
        CompiledRuleset before = engine.active();
        long followedBefore = followed;
        engine.activate(ruleset);
        Activation activation = recordActivation(before.version(), version, comment, by, approval);
        followed = activation.id();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            // recorded in the caller's transaction: if it rolls back, so does the switch
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    if (status != STATUS_COMMITTED) {
                        synchronized (RulesetStore.this) {
                            if (followed == activation.id()) {
                                engine.activate(before);
                                followed = followedBefore;
                            }
                        }
                    }
                }
            });
        }
        return activation;
    }

    /** Whether a version decided at some time (it was activated once): a roll back to it needs no new impact. */
    public boolean everActive(String version) {
        return jdbc.sql("select count(*) from ruleset_activation where to_version = ?").param(version)
                .query(Long.class).single() > 0;
    }

    /** The version active now. */
    public String activeVersion() {
        return engine.active().version();
    }

    /**
     * Several instances share one database: each follows the activations recorded by any of them, so all switch to a
     * newly activated version within about a second (plus its compile, if it is not cached yet).
     */
    @Scheduled(fixedDelayString = "${aftersales.rules.follow-activations-millis:1000}",
            initialDelayString = "${aftersales.rules.follow-activations-millis:1000}")
    void followActivations() {
        Latest latest = latestActivation();
        if (latest != null && latest.id() > followed) {
            synchronized (this) {
                Latest now = latestActivation();
                if (now.id() > followed) {
                    if (!now.version().equals(engine.active().version())) {
                        engine.activate(compiled(now.version()));
                    }
                    followed = now.id();
                }
            }
        }
    }

    /** Every activation, newest first. */
    public List<Activation> activations() {
        return jdbc.sql("select * from ruleset_activation order by id desc")
                .query(RulesetStore::activation)
                .list();
    }

    /** One activation. */
    public java.util.Optional<Activation> activation(long id) {
        return jdbc.sql("select * from ruleset_activation where id = ?").param(id).query(RulesetStore::activation).optional();
    }

    private static Activation activation(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        Number impact = (Number) rs.getObject("impact_run_id");
        return new Activation(rs.getLong("id"), rs.getString("from_version"), rs.getString("to_version"),
                rs.getString("comment"), rs.getObject("activated_at", OffsetDateTime.class),
                rs.getString("activated_by"), rs.getString("requested_by"), rs.getObject("requested_at", OffsetDateTime.class),
                rs.getString("approved_by"), rs.getObject("approved_at", OffsetDateTime.class), rs.getString("approval_comment"),
                impact == null ? null : impact.longValue(), rs.getBoolean("emergency"));
    }

    /** The newest activation recorded by any instance: its id and the version it made active. */
    private record Latest(long id, String version) {
    }

    private Latest latestActivation() {
        return jdbc.sql("select id, to_version from ruleset_activation order by id desc limit 1")
                .query((rs, row) -> new Latest(rs.getLong("id"), rs.getString("to_version"))).optional().orElse(null);
    }

    private Activation recordActivation(String from, String to, String comment, String by) {
        return recordActivation(from, to, comment, by, null);
    }

    private Activation recordActivation(String from, String to, String comment, String by, Approval approval) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
        Approval a = approval == null ? new Approval(null, null, null, null, null, false) : approval;
        OffsetDateTime approvedAt = a.approvedBy() == null ? null : now;
        jdbc.sql("""
                        insert into ruleset_activation (from_version, to_version, comment, activated_at, activated_by, requested_by,
                            requested_at, approved_by, approved_at, approval_comment, impact_run_id, emergency)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(from, to, comment, now, by, a.requestedBy(), a.requestedAt(), a.approvedBy(), approvedAt,
                        a.approvalComment(), a.impactReplayId(), a.emergency()).update(keys, "id");
        return new Activation(((Number) keys.getKeys().get("id")).longValue(), from, to, comment, now, by, a.requestedBy(),
                a.requestedAt(), a.approvedBy(), approvedAt, a.approvalComment(), a.impactReplayId(), a.emergency());
    }

    /** Stores the files as a version unless that version is already stored; answers the version. */
    public String store(RuleFiles files, String origin) {
        return store(files, origin, null, null, START_UP);
    }

    /** Stores the files as a version, with a comment and a validation report, unless it is already stored. */
    public String store(RuleFiles files, String origin, String comment, String validationJson, String by) {
        String version = files.version();
        try {
            transaction.executeWithoutResult(status -> {
                boolean known = jdbc.sql("select count(*) from ruleset_version where version = ?").param(version)
                        .query(Long.class).single() > 0;
                if (known) {
                    return;
                }
                jdbc.sql("""
                                insert into ruleset_version (version, origin, comment, validation_json, created_at, created_by)
                                values (?, ?, ?, ?, ?, ?)""")
                        .params(version, origin, comment, validationJson, OffsetDateTime.now(clock), by).update();
                files.files().forEach((name, content) ->
                        jdbc.sql("insert into ruleset_file (version, name, content) values (?, ?, ?)")
                                .params(version, name, content).update());
            });
        } catch (org.springframework.dao.DuplicateKeyException e) {
            // another instance stored the same files at the same moment: the version is there
        }
        return version;
    }

    /**
     * Whether a version passed its validation — whoever stored it, a draft or a replay's upload — or is the developers'
     * files from the rules folder (checked by the build's scenario test, compiled at start-up). Only such a version may
     * be activated or have its impact run.
     */
    public boolean validated(String version) {
        Map<String, Object> row = jdbc.sql("select origin, validation_json from ruleset_version where version = ?").param(version)
                .query().listOfRows().stream().findFirst().orElseThrow(() -> new UnknownRulesetException(version));
        String validation = (String) row.get("validation_json");
        if (validation == null) {
            return "FILES".equals(row.get("origin"));
        }
        return json.readTree(validation).path("valid").asBoolean(false);
    }

    /** Why a stored version cannot be compiled, as its validation found; empty when it compiled or was not validated. */
    public List<com.example.aftersales.policy.RuleError> compileErrors(String version) {
        return validationJson(version).map(json::readTree)
                .filter(v -> !v.path("compiled").asBoolean(true))
                .map(v -> {
                    List<com.example.aftersales.policy.RuleError> errors = new java.util.ArrayList<>();
                    v.path("errors").forEach(e -> errors.add(json.treeToValue(e, com.example.aftersales.policy.RuleError.class)));
                    return errors;
                })
                .orElse(List.of());
    }

    /** The comment a version was stored with. */
    public String comment(String version) {
        return jdbc.sql("select comment from ruleset_version where version = ?").param(version)
                .query((rs, i) -> rs.getString(1)).optional().orElse(null);
    }

    public boolean exists(String version) {
        return jdbc.sql("select count(*) from ruleset_version where version = ?").param(version)
                .query(Long.class).single() > 0;
    }

    /**
     * A stored version: when and how it came, who made it, whether its validation passed (null: not validated, such
     * as the files read at start-up), and its files' names and sizes.
     */
    public record Version(String version, String origin, String comment, OffsetDateTime createdAt, String createdBy,
                          boolean active, List<FileInfo> files, Boolean valid) {
    }

    public record FileInfo(String name, long size) {
    }

    /** Every stored version, newest first. */
    public List<Version> versions() {
        return versions(null);
    }

    /** One stored version, if it is stored: read alone (a store keeps every draft ever uploaded). */
    public java.util.Optional<Version> version(String version) {
        return versions(version).stream().findFirst();
    }

    /** The stored versions (only {@code version} when not null), newest first, each with its files. */
    private List<Version> versions(String version) {
        String where = version == null ? "" : " where version = ?";
        Map<String, List<FileInfo>> files = new java.util.HashMap<>();
        var fileQuery = jdbc.sql("select version, name, octet_length(content) as size from ruleset_file" + where + " order by version, name");
        (version == null ? fileQuery : fileQuery.param(version)).query(rs -> {
            files.computeIfAbsent(rs.getString(1), v -> new java.util.ArrayList<>()).add(new FileInfo(rs.getString(2), rs.getLong(3)));
        });
        String active = engine.active().version();
        var versionQuery = jdbc.sql("select version, origin, comment, created_at, created_by, validation_json from ruleset_version"
                + where + " order by created_at desc, version");
        return (version == null ? versionQuery : versionQuery.param(version)).query((rs, i) -> {
                    String v = rs.getString("version");
                    String validation = rs.getString("validation_json");
                    return new Version(v, rs.getString("origin"), rs.getString("comment"),
                            rs.getObject("created_at", OffsetDateTime.class), rs.getString("created_by"),
                            v.equals(active), List.copyOf(files.getOrDefault(v, List.of())),
                            validation == null ? null : json.readTree(validation).path("valid").asBoolean(true));
                })
                .list();
    }

    /** A version's validation report as stored (JSON), if it has one. */
    public java.util.Optional<String> validationJson(String version) {
        return jdbc.sql("select validation_json from ruleset_version where version = ?").param(version)
                .query((rs, i) -> java.util.Optional.ofNullable(rs.getString(1))).optional()
                .orElseThrow(() -> new UnknownRulesetException(version));
    }

    /** One file of a version, byte for byte as stored. */
    public byte[] file(String version, String name) {
        return jdbc.sql("select content from ruleset_file where version = ? and name = ?").params(version, name)
                .query((rs, i) -> rs.getBytes(1)).optional()
                .orElseThrow(() -> new UnknownRulesetException(version + " (file " + name + ")"));
    }

    /** The files of the active version: what a draft's or a replay's uploaded files replace or add to. */
    public RuleFiles activeFiles() {
        return files(engine.active().version());
    }

    /** The stored files of a version. */
    public RuleFiles files(String version) {
        Map<String, byte[]> files = new TreeMap<>();
        List<Map<String, Object>> rows = jdbc.sql("select name, content from ruleset_file where version = ?")
                .param(version).query().listOfRows();
        if (rows.isEmpty()) {
            throw new UnknownRulesetException(version);
        }
        for (Map<String, Object> row : rows) {
            files.put((String) row.get("name"), (byte[]) row.get("content"));
        }
        return new RuleFiles(files);
    }

    /** Keeps a version compiled elsewhere (a validated draft), so that activating it needs no compile. */
    void remember(CompiledRuleset ruleset) {
        synchronized (compiled) {
            compiled.put(ruleset.version(), ruleset);
        }
    }

    /** A stored version, compiled (cached: the last few versions asked for). */
    public CompiledRuleset compiled(String version) {
        synchronized (compiled) {
            CompiledRuleset ruleset = compiled.get(version);
            if (ruleset != null) {
                return ruleset;
            }
        }
        CompiledRuleset ruleset = version.equals(engine.startingFiles().version()) ? engine.starting()
                : engine.compile(files(version));
        synchronized (compiled) {
            compiled.put(version, ruleset);
        }
        return ruleset;
    }
}
