package com.example.aftersales.policy.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.kie.api.KieBase;
import org.kie.api.KieBaseConfiguration;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.conf.KieBaseMutabilityOption;

import com.example.aftersales.policy.CompiledRuleset;
import com.example.aftersales.policy.RuleCompilationException;
import com.example.aftersales.policy.RuleError;
import com.example.aftersales.policy.RuleFiles;
import com.example.aftersales.policy.RuleInfo;
import com.example.aftersales.policy.tables.TableDefinition;
import com.example.aftersales.policy.tables.TableRules;
import com.example.aftersales.policy.tables.WorkbookReader;
import com.example.aftersales.text.Text;

/**
 * Compiles a ruleset's files into a rule base, or fails with every error located by file and line, or by workbook,
 * sheet, row and column.
 * <p>
 * Rule code is what rule authors write: DRL files and table definitions ({@code rules/x.table.yaml}). A workbook
 * ({@code decision-tables/x.xlsx} or {@code .xls}) is data: {@link WorkbookReader} reduces it to typed values, which
 * {@link TableRules} binds into its definition's template as literals. Nothing in a workbook — sheets, formats,
 * formulas, names, merged cells — reaches the compiler as code.
 */
public final class RulesetCompiler {

    private static final String RESOURCES = "src/main/resources/";
    /** Files go in the folder of their package (all rules are in package aftersales.policy), else Drools warns. */
    private static final String PACKAGE_FOLDER = "aftersales/policy/";
    private static final AtomicLong BUILDS = new AtomicLong();
    /**
     * Rule bases built from the same generated rule code, by its digest: the same code compiles to the same rule base,
     * so a ruleset compiled again (an instance taking an activation, a draft re-validated, an upload that changes only
     * what the rules do not read) takes the one built before. Kept for the last few only: a rule base is megabytes.
     */
    private static final int KEPT = 8;
    private static final Map<String, KieBase> BUILT = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, KieBase> eldest) {
                    return size() > KEPT;
                }
            });

    /**
     * What compiling a ruleset gave, by its version (the SHA-256 of its files) and the workbook limits it was read
     * under: the same files compile to the same rules, so a ruleset compiled again in this JVM (each start of a context
     * on the same active version, a draft uploaded again) is neither read (Apache POI) nor generated again. The last
     * few only, as {@link #BUILT}.
     */
    private static final Map<String, Compiled> COMPILED = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Compiled> eldest) {
                    return size() > KEPT;
                }
            });

    private record Compiled(KieBase kieBase, Map<String, RuleInfo> rules, List<Text> warnings) {
    }

    private final int maxFirings;
    private final WorkbookReader.Limits limits;

    public RulesetCompiler(int maxFirings) {
        this(maxFirings, WorkbookReader.Limits.DEFAULT);
    }

    public RulesetCompiler(int maxFirings, WorkbookReader.Limits limits) {
        this.maxFirings = maxFirings;
        this.limits = limits;
    }

    /** Where a generated resource's lines came from, to point a compile error back at its file, row or line. */
    private record Origin(String file, String sheet, java.util.TreeMap<Integer, Integer> lineToRow, String definition) {
    }

    public CompiledRuleset compile(RuleFiles ruleFiles) {
        String key = ruleFiles.version() + " " + limits;
        Compiled compiled = COMPILED.get(key);
        if (compiled == null) {
            compiled = compileAnew(ruleFiles);
            COMPILED.put(key, compiled);
        }
        return new CompiledRuleset(ruleFiles.version(), compiled.kieBase(), compiled.rules(), maxFirings, compiled.warnings());
    }

    private Compiled compileAnew(RuleFiles ruleFiles) {
        // the shipped files, as compiled when the service was packaged (same files, same compiler, same fact classes)
        PrebuiltRuleBases.Prebuilt prebuilt = PrebuiltRuleBases.load(ruleFiles.version(), Thread.currentThread().getContextClassLoader());
        if (prebuilt != null) {
            BUILT.putIfAbsent(prebuilt.codeDigest(), prebuilt.kieBase());
            return new Compiled(prebuilt.kieBase(), prebuilt.rules(), prebuilt.warnings());
        }
        List<RuleError> errors = new ArrayList<>();
        List<Text> warnings = new ArrayList<>();
        Map<String, RuleInfo> rules = new LinkedHashMap<>();
        Map<String, String> ruleNames = new HashMap<>(); // name as people see it -> its source, to refuse a name used twice
        Map<String, Origin> origins = new HashMap<>();
        Map<String, byte[]> code = new LinkedHashMap<>(); // the resources given to the rule compiler, by path
        int resource = 0;

        for (Map.Entry<String, byte[]> file : ruleFiles.files().entrySet()) {
            String name = file.getKey();
            if (RuleFiles.isDrl(name)) {
                String path = PACKAGE_FOLDER + "drl" + (resource++) + ".drl";
                code.put(path, file.getValue());
                origins.put(path, new Origin(name, null, null, null));
                DrlRules.lines(file.getValue()).forEach((rule, line) -> {
                    String source = name + ":" + line;
                    if (unique(ruleNames, rule, source, RuleError.inFile(name, line, null), errors)) {
                        rules.put(rule, RuleInfo.drl(rule, source));
                    }
                });
            } else if (RuleFiles.isTableDefinition(name)) {
                String workbook = ruleFiles.workbookFor(name);
                if (workbook == null) {
                    errors.add(RuleError.inFile(name, null, Text.of("table.noWorkbook", RuleFiles.tableBase(name), RuleFiles.TABLE_FOLDER)));
                    continue;
                }
                TableDefinition definition = TableDefinition.read(name, file.getValue(), errors);
                if (definition == null) {
                    continue;
                }
                WorkbookReader.Table table = WorkbookReader.read(workbook, ruleFiles.files().get(workbook), definition, limits, errors);
                if (table == null) {
                    continue;
                }
                warnings.addAll(table.warnings());
                TableRules bound = TableRules.bind("table" + resource, name, definition, table, errors);
                String path = PACKAGE_FOLDER + "table" + (resource++) + ".drl";
                code.put(path, bound.drl().getBytes(StandardCharsets.UTF_8));
                origins.put(path, new Origin(workbook, table.sheet(), bound.lineToRow(), name));
                bound.rules().forEach((id, info) -> {
                    RuleError at = RuleError.atSource(info.source(), null);
                    if (unique(ruleNames, info.name(), info.source(), at, errors)) {
                        rules.put(id, info);
                    }
                });
            } else if (RuleFiles.isWorkbook(name)) {
                if (ruleFiles.definitionFor(name) == null) {
                    errors.add(RuleError.inFile(name, null, Text.of("table.noDefinition",
                            RuleFiles.DRL_FOLDER + "/" + RuleFiles.tableBase(name) + RuleFiles.TABLE_DEFINITION)));
                }
            } else if (!RuleFiles.isScenario(name)) {
                errors.add(RuleError.inFile(name, null, Text.of("files.notRuleFile")));
            }
        }
        if (!errors.isEmpty()) {
            throw new RuleCompilationException(errors);
        }

        String digest = digest(code);
        KieBase built = BUILT.get(digest);
        if (built != null) {
            return new Compiled(built, java.util.Collections.unmodifiableMap(rules), List.copyOf(warnings));
        }
        // Drools resolves classes through the thread's context class loader: through one that remembers misses
        Thread thread = Thread.currentThread();
        ClassLoader context = thread.getContextClassLoader();
        thread.setContextClassLoader(KnownMissesClassLoader.over(context));
        try {
            return build(ruleFiles, code, origins, rules, warnings, digest);
        } finally {
            thread.setContextClassLoader(context);
        }
    }

    private Compiled build(RuleFiles ruleFiles, Map<String, byte[]> code, Map<String, Origin> origins,
            Map<String, RuleInfo> rules, List<Text> warnings, String digest) {
        List<RuleError> errors = new ArrayList<>();
        KieServices kie = KieServices.Factory.get();
        KieFileSystem kfs = kie.newKieFileSystem();
        code.forEach((path, bytes) -> kfs.write(RESOURCES + path, bytes));
        ReleaseId releaseId = kie.newReleaseId("aftersales", "ruleset",
                ruleFiles.version().substring(0, 12) + "-" + BUILDS.incrementAndGet());
        kfs.generateAndWritePomXML(releaseId);
        KieBuilder builder = kie.newKieBuilder(kfs).buildAll();
        for (Message message : builder.getResults().getMessages(Message.Level.ERROR)) {
            if (!message.getText().contains("Parser returned a null Package")) { // follows every syntax error, says nothing more
                errors.add(locate(message, origins));
            }
        }
        if (!errors.isEmpty()) {
            kie.getRepository().removeKieModule(releaseId);
            throw new RuleCompilationException(errors);
        }
        KieBase kieBase = kie.newKieContainer(releaseId).newKieBase(ruleBaseConfiguration(null));
        kie.getRepository().removeKieModule(releaseId);
        BUILT.put(digest, kieBase);
        return new Compiled(kieBase, java.util.Collections.unmodifiableMap(rules), List.copyOf(warnings));
    }

    /**
     * The rule base's options, here and for {@link PrebuiltRuleBases}: immutable — no rule is ever added to a rule base
     * once built (another ruleset is another rule base) — so that a session keeps its facts in one identity map
     * rather than in a store per fact class, which it rebuilt after every reset of a pooled session (about a tenth of
     * an evaluation's CPU, issue 17). The cost: the session keeps no fact that no pattern can match, so
     * {@link CompiledRuleset} follows the facts it returns through the session's events.
     */
    static KieBaseConfiguration ruleBaseConfiguration(ClassLoader classLoader) {
        KieBaseConfiguration configuration = KieServices.Factory.get().newKieBaseConfiguration(null, classLoader);
        configuration.setOption(KieBaseMutabilityOption.DISABLED);
        return configuration;
    }

    /** SHA-256 of the resources' paths and bytes, in order. */
    private static String digest(Map<String, byte[]> code) {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            code.forEach((path, bytes) -> {
                sha.update(path.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(java.nio.ByteBuffer.allocate(4).putInt(bytes.length).array());
                sha.update(bytes);
            });
            return java.util.HexFormat.of().formatHex(sha.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The rule base this JVM built or took last, by the digest of its rule code: for {@link PrebuiltRuleBases}. */
    static Map.Entry<String, KieBase> lastUsed() {
        synchronized (BUILT) {
            Map.Entry<String, KieBase> last = null;
            for (Map.Entry<String, KieBase> e : BUILT.entrySet()) { // in access order: the last is the latest
                last = e;
            }
            return last == null ? null : Map.entry(last.getKey(), last.getValue());
        }
    }

    /** How many rule bases this JVM has built (not taken from those kept): for tests. */
    static long builds() {
        return BUILDS.get();
    }

    private static boolean unique(Map<String, String> names, String rule, String source, RuleError at, List<RuleError> errors) {
        String earlier = names.putIfAbsent(rule, source);
        if (earlier != null) {
            errors.add(new RuleError(at.file(), at.sheet(), at.row(), at.column(), at.line(),
                    Text.of("rule.nameUsed", rule, earlier), null));
            return false;
        }
        return true;
    }

    /** Drools' message at the file, row or line it came from: in words, Drools' own text as the detail. */
    private static RuleError locate(Message message, Map<String, Origin> origins) {
        String drools = message.getText().trim();
        Integer line = message.getLine() > 0 ? message.getLine() : null;
        Origin origin = origins.get(message.getPath());
        if (origin == null) {
            return RuleError.inFile(message.getPath(), line, Text.of("compile.code")).withDetail(drools);
        }
        if (origin.lineToRow() == null) {
            return RuleError.inFile(origin.file(), line, Text.of("compile.code")).withDetail(drools);
        }
        Map.Entry<Integer, Integer> row = origin.lineToRow().floorEntry(message.getLine());
        return row == null ? RuleError.inFile(origin.definition(), null, Text.of("compile.templateAlone")).withDetail(drools)
                : new RuleError(origin.file(), origin.sheet(), row.getValue(), null, null,
                        Text.of("compile.template", origin.definition()), drools);
    }
}
