package com.example.aftersales.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import com.example.aftersales.AftersalesApplication;

/**
 * The start-up compile runs beside the rest of the start-up (PolicyEngine), yet the application is started only with
 * its rules compiled, and rules that do not compile still stop it with the places to fix.
 */
class StartupCompileTest {

    @TempDir
    Path dir;

    @Test
    void startedOnlyWithTheRulesCompiled() throws IOException {
        Path base = copyOfTheShippedRules();
        try (ConfigurableApplicationContext context = start(base)) {
            PolicyEngine engine = context.getBean(PolicyEngine.class);
            assertThat(engine.starting().version()).isEqualTo(RuleFiles.load(base).version());
            assertThat(engine.active().version()).isEqualTo(engine.startingFiles().version());
            assertThat(engine.active().ruleCount()).isGreaterThan(10);
        }
    }

    @Test
    void theVersionLastActivatedDecidesAfterARestartWhileTheFilesCompile() throws IOException {
        Path base = copyOfTheShippedRules();
        String shipped = RuleFiles.load(base).version();
        start(base).close(); // the shipped files decide
        Path drl = firstDrl(base);
        String original = Files.readString(drl);
        Files.writeString(drl, original + "\n// an edit\n");
        String edited = RuleFiles.load(base).version();
        assertThat(edited).isNotEqualTo(shipped);
        try (ConfigurableApplicationContext context = start(base)) { // new files: they decide
            assertThat(context.getBean(PolicyEngine.class).active().version()).isEqualTo(edited);
        }
        Files.writeString(drl, original);
        try (ConfigurableApplicationContext context = start(base)) { // known files: the last activated still decides
            PolicyEngine engine = context.getBean(PolicyEngine.class);
            assertThat(engine.startingFiles().version()).isEqualTo(shipped);
            assertThat(engine.active().version()).isEqualTo(edited);
        }
    }

    private static Path firstDrl(Path base) throws IOException {
        try (Stream<Path> files = Files.list(base.resolve("rules"))) {
            return files.filter(f -> f.toString().endsWith(".drl")).sorted().findFirst().orElseThrow();
        }
    }

    @Test
    void rulesThatDoNotCompileStopTheStartUp() throws IOException {
        Path base = copyOfTheShippedRules();
        Path drl = firstDrl(base);
        Files.writeString(drl, Files.readString(drl) + "\nrule \"broken\" when then nonsense( end\n");
        Throwable thrown = catchThrowable(() -> start(base).close());
        RuleCompilationException failure = null;
        for (Throwable t = thrown; t != null && failure == null; t = t.getCause()) {
            if (t instanceof RuleCompilationException e) {
                failure = e;
            }
        }
        assertThat(failure).as("the compile's failure, from %s", thrown).isNotNull();
        assertThat(failure.errors()).anySatisfy(error -> assertThat(error.toString()).contains(drl.getFileName().toString()));
    }

    private Path copyOfTheShippedRules() throws IOException {
        Path base = dir.resolve("base");
        for (String folder : new String[] {"rules", "decision-tables"}) {
            Path from = Path.of(folder);
            try (Stream<Path> files = Files.walk(from)) {
                for (Path f : files.toList()) {
                    Path to = base.resolve(folder).resolve(from.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(f, to, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
        return base;
    }

    private ConfigurableApplicationContext start(Path base) {
        return new SpringApplicationBuilder(AftersalesApplication.class).web(WebApplicationType.NONE).run(
                "--spring.datasource.url=jdbc:h2:file:" + dir.resolve("db").resolve("aftersales")
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE",
                "--aftersales.rules.base-dir=" + base);
    }
}
