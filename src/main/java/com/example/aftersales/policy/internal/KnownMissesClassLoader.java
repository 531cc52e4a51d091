package com.example.aftersales.policy.internal;

import java.net.URL;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The class loader a rule compile resolves names through: its parent's classes and resources, and a memory of the
 * names the parent does not have.
 * <p>
 * Compiling DRL asks for many names that are no class: MVEL tries each identifier of a constraint as a class in every
 * imported package ({@code java.lang.caseData}, {@code aftersales.policy.caseData}, …), Drools' type resolver each
 * type in every import, ECJ each package of a consequence as a class file. Drools remembers them only per compile
 * (its {@code ProjectClassLoader} is new for each), so every compile paid again for each miss: a look-up in every jar
 * of the class path, about a quarter of a compile's CPU. The class path of a running service does not change, so
 * what the parent did not have once it never has: this loader answers such a name at once. Classes it finds are the
 * parent's own (it defines none), so a rule base built through it has the same classes as one built without.
 */
final class KnownMissesClassLoader extends ClassLoader {

    static {
        registerAsParallelCapable();
    }

    /**
     * The names each parent lacks, for as long as the parent lives (a web application's loader may be discarded): the
     * sets alone, so that nothing here keeps a parent alive.
     */
    private static final Map<ClassLoader, Misses> BY_PARENT = new WeakHashMap<>();

    /**
     * Enough for the names of any ruleset many times over; past it, or for a name longer than any class's, a miss is
     * looked up again each time. Rule code comes from uploads: the sets of a parent stay under about 35 MB whatever the
     * names in it (the shipped rules leave about 660).
     */
    static final int KEPT = 50_000;
    static final int LONGEST = 256;

    private record Misses(Set<String> classes, Set<String> resources) {
        Misses() {
            this(ConcurrentHashMap.newKeySet(), ConcurrentHashMap.newKeySet());
        }
    }

    /** Thrown for a known miss: its stack trace would be filled for nothing, thousands of times a compile. */
    private static final class Missing extends ClassNotFoundException {
        Missing(String name) {
            super(name);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    private final Set<String> missingClasses;
    private final Set<String> missingResources;

    private KnownMissesClassLoader(ClassLoader parent, Misses misses) {
        super("rule-compile", parent);
        this.missingClasses = misses.classes();
        this.missingResources = misses.resources();
    }

    /**
     * A loader over {@code parent} (this class's own loader when null) that knows what {@code parent} was found to
     * lack before; {@code parent} itself where its classes may grow: a rule base's own loader (Drools or KIE) defines
     * classes as it goes, so what it lacks now it may have later.
     */
    static synchronized ClassLoader over(ClassLoader parent) {
        ClassLoader of = parent != null ? parent : KnownMissesClassLoader.class.getClassLoader();
        String type = of.getClass().getName();
        if (of instanceof KnownMissesClassLoader || type.startsWith("org.drools.") || type.startsWith("org.kie.")) {
            return of;
        }
        return new KnownMissesClassLoader(of, BY_PARENT.computeIfAbsent(of, p -> new Misses()));
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (missingClasses.contains(name)) {
            throw new Missing(name);
        }
        try {
            return super.loadClass(name, resolve);
        } catch (ClassNotFoundException e) {
            if (name.length() <= LONGEST && missingClasses.size() < KEPT) {
                missingClasses.add(name);
            }
            throw e;
        }
    }

    @Override
    public URL getResource(String name) {
        if (missingResources.contains(name)) {
            return null;
        }
        URL url = super.getResource(name);
        if (url == null && name.length() <= LONGEST && missingResources.size() < KEPT) {
            missingResources.add(name);
        }
        return url;
    }

    /** How many names are known missing (for tests). */
    int misses() {
        return missingClasses.size() + missingResources.size();
    }
}
