package com.example.aftersales.policy.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.drools.base.common.DroolsObjectInputStream;
import org.drools.base.common.DroolsObjectOutputStream;
import org.drools.kiesession.rulebase.InternalKnowledgeBase;
import org.drools.kiesession.rulebase.KnowledgeBaseFactory;
import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.aftersales.policy.CompiledRuleset;
import com.example.aftersales.policy.RuleFiles;
import com.example.aftersales.policy.RuleInfo;
import com.example.aftersales.text.Text;

/**
 * The shipped rules compiled when the service is packaged, so that a start with unchanged rule files does not compile
 * them again: reading the workbooks (Apache POI), generating the tables' rules, Drools parsing them and ECJ compiling
 * their Java were most of the start-up's CPU (issue 17).
 *
 * <p>{@link #main} (run by the build, {@code mvn package}) compiles the rules folder as the service does and writes
 * what the compile gives — the rule base's packages (the rules, and the byte code Drools compiled for them), the rules
 * as people know them, the warnings — to {@code aftersales/rulebase/<version>.bin} on the class path, named by the
 * ruleset's version (the SHA-256 of every rule file, workbook and scenario: {@link RuleFiles#version()}).
 * {@link RulesetCompiler} takes it for files of that version only: an edited rule file or workbook is another version
 * and is compiled, as is any version activated from the database that is not the shipped one.
 *
 * <p>What the compile gives depends on more than the files: the fact classes the rule code uses, the compiler's own
 * classes (the table reader, the rule templates), the message texts of the warnings and Drools itself. The file holds
 * the SHA-256 of each such class and resource ({@link #DEPENDENCIES}) and Drools' version, and is taken only when
 * this class path holds the same ones: after an edit of any of them without packaging again (e.g.
 * {@code mvn spring-boot:run}), the rules are compiled as before. A file that cannot be read for any reason is logged
 * and the rules are compiled.
 *
 * <p>Drools writes and reads its packages with {@link DroolsObjectOutputStream} (it still does for cloning them; a
 * serialised {@code KieBase} is no longer a feature of Drools), and the packages are added to a new rule base the way
 * a {@code KieContainer} adds those it built. {@code PrebuiltRuleBasesTest} checks that a rule base read back decides
 * as the one compiled.
 */
public final class PrebuiltRuleBases {

    private static final Logger log = LoggerFactory.getLogger(PrebuiltRuleBases.class);

    /** Where on the class path, and below the build's class output. */
    static final String FOLDER = "aftersales/rulebase/";
    private static final int FORMAT = 1;
    /** The class path folders whose classes and resources a compile's result depends on (besides Drools). */
    static final List<String> DEPENDENCIES = List.of(
            CompiledRuleset.class.getPackageName().replace('.', '/') + "/",
            Text.class.getPackageName().replace('.', '/') + "/",
            "text/");

    /** What a compile of one version gave, read back. */
    record Prebuilt(String codeDigest, KieBase kieBase, Map<String, RuleInfo> rules, List<Text> warnings) {
    }

    private PrebuiltRuleBases() {
    }

    /**
     * The compile of this version written by the build, read with the given class loader; null when there is none,
     * or when it was written with other classes or another Drools than the class loader holds.
     */
    static Prebuilt load(String version, ClassLoader classLoader) {
        if (classLoader == null) {
            classLoader = PrebuiltRuleBases.class.getClassLoader();
        }
        InputStream resource = classLoader.getResourceAsStream(FOLDER + version + ".bin");
        if (resource == null) {
            return null;
        }
        long start = System.nanoTime();
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(resource, 1 << 16))) {
            if (in.readInt() != FORMAT || !droolsVersion().equals(in.readUTF())) {
                log.info("Prebuilt rule base {} not used: written by another build of Drools", version);
                return null;
            }
            int dependencies = in.readInt();
            for (int i = 0; i < dependencies; i++) {
                String name = in.readUTF();
                String sha = in.readUTF();
                if (!sha.equals(sha256(classLoader, name))) {
                    log.info("Prebuilt rule base {} not used: {} changed since it was built", version, name);
                    return null;
                }
            }
            String codeDigest = in.readUTF();
            int ruleCount = in.readInt();
            Map<String, RuleInfo> rules = new LinkedHashMap<>();
            for (int i = 0; i < ruleCount; i++) {
                rules.put(in.readUTF(), new RuleInfo(readNullable(in), readNullable(in), readNullable(in),
                        readNullable(in), readNullable(in)));
            }
            int warningCount = in.readInt();
            List<Text> warnings = new ArrayList<>();
            for (int i = 0; i < warningCount; i++) {
                warnings.add(new Text(readNullable(in), readNullable(in)));
            }
            DroolsObjectInputStream objects = new DroolsObjectInputStream(in, classLoader);
            @SuppressWarnings("unchecked")
            Collection<KiePackage> packages = (Collection<KiePackage>) objects.readObject();
            InternalKnowledgeBase kieBase = KnowledgeBaseFactory.newKnowledgeBase(
                    RulesetCompiler.ruleBaseConfiguration(classLoader));
            kieBase.addPackages(packages);
            log.info("Ruleset {} taken as compiled by the build ({} rules) in {} ms", version, rules.size(),
                    (System.nanoTime() - start) / 1_000_000);
            return new Prebuilt(codeDigest, kieBase, rules, warnings);
        } catch (IOException | ClassNotFoundException | RuntimeException | LinkageError e) {
            log.warn("Prebuilt rule base {} not used, compiling instead: {}", version, e.toString());
            return null;
        }
    }

    /** Writes a compile's result for {@link #load}; the dependencies are read from the class output folder. */
    static void write(String codeDigest, CompiledRuleset ruleset, Path classes, OutputStream target) throws IOException {
        Map<String, String> dependencies = dependencies(classes);
        try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(target, 1 << 16))) {
            out.writeInt(FORMAT);
            out.writeUTF(droolsVersion());
            out.writeInt(dependencies.size());
            for (Map.Entry<String, String> dependency : dependencies.entrySet()) {
                out.writeUTF(dependency.getKey());
                out.writeUTF(dependency.getValue());
            }
            out.writeUTF(codeDigest);
            out.writeInt(ruleset.rules().size());
            for (Map.Entry<String, RuleInfo> rule : new TreeMap<>(ruleset.rules()).entrySet()) {
                RuleInfo info = rule.getValue();
                out.writeUTF(rule.getKey());
                for (String s : new String[] {info.name(), info.source(), info.clause(), info.reasonZh(), info.reasonEn()}) {
                    writeNullable(out, s);
                }
            }
            out.writeInt(ruleset.warnings().size());
            for (Text warning : ruleset.warnings()) {
                writeNullable(out, warning.zh());
                writeNullable(out, warning.en());
            }
            DroolsObjectOutputStream objects = new DroolsObjectOutputStream(out);
            objects.writeObject(new ArrayList<>(ruleset.kieBase().getKiePackages()));
            objects.flush();
        }
    }

    /**
     * Run by the build: {@code PrebuiltRuleBases <rules folder> <class output folder>} compiles the rules folder and
     * writes the result below the class output folder, in place of those written before. A compile error fails it.
     */
    public static void main(String[] args) throws IOException {
        Path baseDir = Path.of(args[0]);
        Path classes = Path.of(args[1]);
        Path folder = classes.resolve(FOLDER);
        long start = System.nanoTime();
        if (Files.isDirectory(folder)) { // first: the compile below must not take one of them
            try (Stream<Path> old = Files.list(folder)) {
                for (Path p : old.toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(folder);
        RuleFiles files = RuleFiles.load(baseDir);
        CompiledRuleset ruleset = new RulesetCompiler(1).compile(files);
        String codeDigest = RulesetCompiler.lastUsed().getKey();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        write(codeDigest, ruleset, classes, bytes);
        Path file = folder.resolve(files.version() + ".bin");
        Files.write(file, bytes.toByteArray());
        System.out.printf("Prebuilt ruleset %s (%d rules): %s, %d bytes, in %d ms%n", files.version(),
                ruleset.ruleCount(), file, bytes.size(), (System.nanoTime() - start) / 1_000_000);
        System.exit(0); // Drools may leave threads behind
    }

    /** The SHA-256 of each class and resource in the {@link #DEPENDENCIES} folders and below, by its name. */
    static Map<String, String> dependencies(Path classes) throws IOException {
        Map<String, String> found = new TreeMap<>();
        for (String dependency : DEPENDENCIES) {
            try (Stream<Path> paths = Files.walk(classes.resolve(dependency))) {
                for (Path p : paths.filter(Files::isRegularFile).toList()) {
                    String name = classes.relativize(p).toString().replace('\\', '/');
                    if (!name.startsWith(FOLDER)) {
                        found.put(name, HexFormat.of().formatHex(sha256().digest(Files.readAllBytes(p))));
                    }
                }
            }
        }
        return found;
    }

    private static String sha256(ClassLoader classLoader, String resource) throws IOException {
        try (InputStream in = classLoader.getResourceAsStream(resource)) {
            return in == null ? "missing" : HexFormat.of().formatHex(sha256().digest(in.readAllBytes()));
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static void writeNullable(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    private static String droolsVersion() {
        String version = KnowledgeBaseFactory.class.getPackage().getImplementationVersion();
        return version == null ? "unknown" : version;
    }
}
