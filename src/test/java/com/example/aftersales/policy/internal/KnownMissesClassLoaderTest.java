package com.example.aftersales.policy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The compile's class loader: the parent's classes as they are, each name the parent lacks asked of it once. */
class KnownMissesClassLoaderTest {

    /** A parent that writes down what it is asked. */
    private static final class Counting extends ClassLoader {
        final List<String> asked = new ArrayList<>();

        Counting() {
            super(KnownMissesClassLoaderTest.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            asked.add(name);
            return super.loadClass(name, resolve);
        }

        @Override
        public URL getResource(String name) {
            asked.add(name);
            return super.getResource(name);
        }
    }

    @Test
    void aNameTheParentLacksIsAskedOnceAndAClassFoundIsTheParents() throws Exception {
        Counting parent = new Counting();
        KnownMissesClassLoader loader = (KnownMissesClassLoader) KnownMissesClassLoader.over(parent);
        assertThat(KnownMissesClassLoader.over(loader)).as("never one over another").isSameAs(loader);

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> loader.loadClass("java.lang.caseData")).isInstanceOf(ClassNotFoundException.class)
                    .hasMessage("java.lang.caseData");
            assertThat(loader.getResource("aftersales/policy/NoSuch.class")).isNull();
        }
        assertThat(parent.asked).containsExactly("java.lang.caseData", "aftersales/policy/NoSuch.class");
        assertThat(loader.misses()).isEqualTo(2);
        ClassLoader next = KnownMissesClassLoader.over(parent); // the next compile's: what this parent lacks is known
        assertThatThrownBy(() -> next.loadClass("java.lang.caseData")).isInstanceOf(ClassNotFoundException.class);
        assertThat(parent.asked).hasSize(2);

        assertThat(loader.loadClass(RulesetCompiler.class.getName())).isSameAs(RulesetCompiler.class);
        assertThat(loader.loadClass(RulesetCompiler.class.getName())).isSameAs(RulesetCompiler.class);
        assertThat(parent.asked).as("found classes are asked each time: the parent keeps them").hasSize(4);
        assertThat(loader.getResource("com/example/aftersales/policy/internal/RulesetCompiler.class")).isNotNull();
    }

    @Test
    void aRuleBasesOwnLoaderIsLeftAsItIsItsClassesGrow() {
        ClassLoader drools = org.drools.wiring.api.classloader.ProjectClassLoader.createProjectClassLoader(
                KnownMissesClassLoaderTest.class.getClassLoader());
        assertThat(KnownMissesClassLoader.over(drools)).isSameAs(drools);
    }

    @Test
    void aSecondCompileAsksTheClassPathForNoNameTheFirstFoundMissing() {
        Counting parent = new Counting();
        Thread thread = Thread.currentThread();
        ClassLoader context = thread.getContextClassLoader();
        thread.setContextClassLoader(parent);
        try {
            compileShippedWith("Known misses one");
            java.util.Set<String> first = new java.util.HashSet<>(parent.asked);
            int misses = ((KnownMissesClassLoader) KnownMissesClassLoader.over(parent)).misses();
            assertThat(misses).as("the names the first compile found missing").isBetween(100, KnownMissesClassLoader.KEPT / 10);
            parent.asked.clear();
            compileShippedWith("Known misses two"); // other rule code: compiled, not taken from a cache
            assertThat(((KnownMissesClassLoader) KnownMissesClassLoader.over(parent)).misses())
                    .as("the same names again").isLessThan(misses + 20);
            // the classes found are asked again (the parent keeps them); none of the misses is
            assertThat(parent.asked).isNotEmpty();
            assertThat(parent.asked.stream().filter(first::contains).filter(name -> {
                try {
                    Class.forName(name.replace('/', '.').replaceAll("\\.class$", ""), false, KnownMissesClassLoaderTest.class.getClassLoader());
                    return false;
                } catch (ClassNotFoundException | LinkageError e) {
                    return KnownMissesClassLoaderTest.class.getClassLoader().getResource(name) == null;
                }
            })).as("misses the first compile found, asked again").isEmpty();
        } finally {
            thread.setContextClassLoader(context);
        }
    }

    @Test
    void aNameLongerThanAnyClasssIsNotKept() {
        KnownMissesClassLoader loader = (KnownMissesClassLoader) KnownMissesClassLoader.over(new Counting());
        String longName = "x".repeat(KnownMissesClassLoader.LONGEST + 1);
        assertThatThrownBy(() -> loader.loadClass(longName)).isInstanceOf(ClassNotFoundException.class);
        assertThat(loader.getResource(longName)).isNull();
        assertThat(loader.misses()).isZero();
    }

    private static void compileShippedWith(String rule) {
        java.util.Map<String, byte[]> files = new java.util.HashMap<>(
                com.example.aftersales.policy.RuleFiles.load(java.nio.file.Path.of(".")).files());
        files.put("rules/zz-known-misses.drl", ("""
                package aftersales.policy;
                import com.example.aftersales.policy.facts.*;
                rule "%s"
                when
                    c : CaseFacts(productCategory == "NO_SUCH_CATEGORY")
                then
                end
                """.formatted(rule)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        new RulesetCompiler(1000).compile(new com.example.aftersales.policy.RuleFiles(files));
    }
}
