package com.example.aftersales.policy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.example.aftersales.bench.BenchCases;
import com.example.aftersales.policy.CompiledRuleset;
import com.example.aftersales.policy.Evaluation;
import com.example.aftersales.policy.RuleFiles;

/**
 * The shipped rules compiled by the build and read back decide exactly as the rules compiled at start-up, and are
 * taken only for the same files, with the same compiler and fact classes.
 */
class PrebuiltRuleBasesTest {

    private static final List<BenchCases.Input> CASES = BenchCases.generate(300);
    private static final Path CLASSES = Path.of("target/classes");

    @TempDir
    Path output;

    @Test
    void theShippedRulesReadBackDecideAsCompiled() throws IOException {
        RuleFiles files = RuleFiles.load(Path.of("."));
        CompiledRuleset compiled = compileHere(files);
        ClassLoader loader = classPathWith(files.version(), compiled);

        PrebuiltRuleBases.Prebuilt read = PrebuiltRuleBases.load(files.version(), loader);

        assertThat(read).isNotNull();
        assertThat(read.kieBase()).isNotSameAs(compiled.kieBase());
        // immutable, compiled here or read back (RulesetCompiler.ruleBaseConfiguration)
        assertThat(((org.drools.core.impl.InternalRuleBase) compiled.kieBase()).getKieBaseConfiguration().isMutabilityEnabled()).isFalse();
        assertThat(((org.drools.core.impl.InternalRuleBase) read.kieBase()).getKieBaseConfiguration().isMutabilityEnabled()).isFalse();
        assertThat(read.rules()).isEqualTo(compiled.rules());
        assertThat(read.warnings()).isEqualTo(compiled.warnings());
        CompiledRuleset fromBuild = new CompiledRuleset(files.version(), read.kieBase(), read.rules(), 1000, read.warnings());
        assertThat(fromBuild.lookBackDays()).isEqualTo(compiled.lookBackDays());
        assertThat(fromBuild.clusterThreshold()).isEqualTo(compiled.clusterThreshold());
        List<Evaluation> expected = evaluateAll(compiled);
        assertThat(expected.stream().mapToInt(e -> e.decisions().size()).sum()).isGreaterThan(CASES.size());
        assertThat(evaluateAll(fromBuild)).isEqualTo(expected);
    }

    @Test
    void otherFilesOrAChangedClassAreCompiled() throws IOException {
        RuleFiles files = RuleFiles.load(Path.of("."));
        ClassLoader loader = classPathWith(files.version(), compileHere(files));
        assertThat(PrebuiltRuleBases.load("0".repeat(64), loader)).as("no rule base for other files").isNull();

        // a fact class edited after packaging: found before the built one
        Path changed = output.resolve("changed");
        Path fact = changed.resolve("com/example/aftersales/policy/facts/CaseFacts.class");
        Files.createDirectories(fact.getParent());
        Files.write(fact, new byte[] {(byte) 0xCA, (byte) 0xFE});
        try (URLClassLoader edited = new URLClassLoader(new URL[] {changed.toUri().toURL()}, loader) {
            @Override
            public InputStream getResourceAsStream(String name) {
                try {
                    URL own = findResource(name);
                    return own != null ? own.openStream() : super.getResourceAsStream(name);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }) {
            assertThat(edited.getResourceAsStream(PrebuiltRuleBases.FOLDER + files.version() + ".bin")).isNotNull();
            assertThat(PrebuiltRuleBases.load(files.version(), edited)).as("a fact class changed since the build").isNull();
        }
    }

    @Test
    void theBuildRecordsTheCompilersClassesAndTexts() throws IOException {
        assertThat(PrebuiltRuleBases.dependencies(CLASSES)).containsKeys(
                "com/example/aftersales/policy/facts/CaseFacts.class",
                "com/example/aftersales/policy/tables/WorkbookReader.class",
                "com/example/aftersales/policy/internal/RulesetCompiler.class",
                "com/example/aftersales/text/Text.class",
                "text/messages.properties");
    }

    /** Compiled here, not taken from what a build wrote into the class output. */
    private static CompiledRuleset compileHere(RuleFiles files) {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(new ClassLoader(before) {
            @Override
            public URL getResource(String name) {
                return name.startsWith(PrebuiltRuleBases.FOLDER) ? null : super.getResource(name);
            }
        });
        try {
            return new RulesetCompiler(1000).compile(files);
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    private ClassLoader classPathWith(String version, CompiledRuleset compiled) throws IOException {
        Path file = output.resolve("prebuilt").resolve(PrebuiltRuleBases.FOLDER + version + ".bin");
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            PrebuiltRuleBases.write(RulesetCompiler.lastUsed().getKey(), compiled, CLASSES, out);
        }
        // its own rule base first: the class output may hold one an earlier `mvn package` wrote from other classes
        return new URLClassLoader(new URL[] {output.resolve("prebuilt").toUri().toURL()}, getClass().getClassLoader()) {
            @Override
            public URL getResource(String name) {
                URL own = name.startsWith(PrebuiltRuleBases.FOLDER) ? findResource(name) : null;
                return own != null ? own : super.getResource(name);
            }
        };
    }

    private static List<Evaluation> evaluateAll(CompiledRuleset rules) {
        List<Evaluation> evaluations = new ArrayList<>(CASES.size());
        for (BenchCases.Input input : CASES) {
            evaluations.add(rules.evaluate(input.facts(), input.priorDefects()));
        }
        return evaluations;
    }
}
