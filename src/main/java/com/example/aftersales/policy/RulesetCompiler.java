package com.example.aftersales.policy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;

/**
 * Compiles a ruleset's files into a rule base, or fails with every error located by file and line, or by
 * workbook, sheet, row and column. Decision tables are translated here (not left to Drools' file-name
 * conventions) so that every sheet is checked and no table is silently skipped.
 */
public final class RulesetCompiler {

    private static final String RESOURCES = "src/main/resources/";
    /** Files go in the folder of their package (all rules are in package aftersales.policy), else Drools warns. */
    private static final String PACKAGE_FOLDER = "aftersales/policy/";
    private static final AtomicLong BUILDS = new AtomicLong();

    private final int maxFirings;

    public RulesetCompiler(int maxFirings) {
        this.maxFirings = maxFirings;
    }

    public CompiledRuleset compile(RuleFiles ruleFiles) {
        List<RuleError> errors = new ArrayList<>();
        Map<String, String> sources = new HashMap<>();
        Map<String, DecisionTableSheet> generated = new HashMap<>();
        Map<String, String> drlSources = new HashMap<>();
        KieServices kie = KieServices.Factory.get();
        KieFileSystem kfs = kie.newKieFileSystem();

        for (Map.Entry<String, byte[]> file : ruleFiles.files().entrySet()) {
            String name = file.getKey();
            if (name.endsWith(".drl")) {
                String path = PACKAGE_FOLDER + name.replace('/', '_');
                kfs.write(RESOURCES + path, file.getValue());
                drlSources.put(path, name);
                DrlRules.lines(file.getValue()).forEach((rule, line) ->
                        addSource(sources, rule, name + ":" + line, errors, RuleError.inFile(name, line, null)));
            } else if (name.endsWith(".xlsx")) {
                int sheetIndex = 0;
                for (DecisionTableSheet sheet : DecisionTableSheet.translate(name, file.getValue(), errors)) {
                    String path = PACKAGE_FOLDER + name.replace('/', '_') + "_" + (sheetIndex++) + ".drl";
                    kfs.write(RESOURCES + path, sheet.drl.getBytes(StandardCharsets.UTF_8));
                    generated.put(path, sheet);
                    sheet.ruleRows.forEach((rule, row) -> addSource(sources, rule, name + "!" + sheet.sheet + "!" + row,
                            errors, RuleError.inCell(name, sheet.sheet, row, "A", null)));
                }
            } else {
                errors.add(RuleError.inFile(name, null, "not a rule file: only .drl and .xlsx are compiled"));
            }
        }
        if (!errors.isEmpty()) {
            throw new RuleCompilationException(errors);
        }

        ReleaseId releaseId = kie.newReleaseId("aftersales", "ruleset",
                ruleFiles.version().substring(0, 12) + "-" + BUILDS.incrementAndGet());
        kfs.generateAndWritePomXML(releaseId);
        KieBuilder builder = kie.newKieBuilder(kfs).buildAll();
        for (Message message : builder.getResults().getMessages(Message.Level.ERROR)) {
            if (!message.getText().contains("Parser returned a null Package")) { // follows every syntax error, says nothing more
                errors.add(locate(message, generated, drlSources));
            }
        }
        if (!errors.isEmpty()) {
            kie.getRepository().removeKieModule(releaseId);
            throw new RuleCompilationException(errors);
        }
        KieBase kieBase = kie.newKieContainer(releaseId).getKieBase();
        kie.getRepository().removeKieModule(releaseId);
        return new CompiledRuleset(ruleFiles.version(), kieBase, sources, maxFirings);
    }

    private static void addSource(Map<String, String> sources, String rule, String source, List<RuleError> errors, RuleError at) {
        String earlier = sources.putIfAbsent(rule, source);
        if (earlier != null) {
            errors.add(new RuleError(at.file(), at.sheet(), at.row(), at.column(), at.line(),
                    "the rule name '" + rule + "' is already used at " + earlier + "; rule names must be unique"));
        }
    }

    private static RuleError locate(Message message, Map<String, DecisionTableSheet> generated, Map<String, String> drlSources) {
        String text = message.getText().trim();
        DecisionTableSheet sheet = generated.get(message.getPath());
        if (sheet != null) {
            String[] lines = sheet.drl.split("\n", -1);
            int line = message.getLine();
            String lineText = line >= 1 && line <= lines.length ? lines[line - 1] : null;
            return sheet.locate(line, text, lineText);
        }
        String file = drlSources.getOrDefault(message.getPath(), message.getPath());
        return RuleError.inFile(file, message.getLine() > 0 ? message.getLine() : null, text);
    }
}
