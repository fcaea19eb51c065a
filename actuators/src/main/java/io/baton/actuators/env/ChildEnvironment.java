package io.baton.actuators.env;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The environment of every process an actuator starts (node JVMs, commands). It is built from
 * nothing: only the {@link #INHERITED allow-listed} variables of Baton's own environment pass, plus
 * names an operator lists on purpose, plus the {@code BATON_*} variables Baton means for that child.
 * Baton's tokens ({@code BATON_INGEST_TOKEN}, {@code BATON_OPS_TOKEN}...) and any other variable of
 * the parent, such as {@code AWS_SECRET_ACCESS_KEY}, never reach a child.
 */
public final class ChildEnvironment {
    /** The parent's variables every child inherits when they are set. */
    public static final Set<String> INHERITED = Set.of("PATH", "HOME", "LANG", "LC_ALL", "TZ", "JAVA_HOME", "TMPDIR");

    private final Map<String, String> parent;
    private final Set<String> passed;

    /** @param parent the parent's environment ({@link System#getenv()} in production, a map in tests) */
    public ChildEnvironment(Map<String, String> parent) {
        this(parent, Set.of());
    }

    private ChildEnvironment(Map<String, String> parent, Set<String> passed) {
        this.parent = Map.copyOf(parent);
        this.passed = Set.copyOf(passed);
    }

    /** Over this JVM's own environment. */
    public static ChildEnvironment system() {
        return new ChildEnvironment(System.getenv());
    }

    /**
     * The same, also passing the parent's variables {@code names} (an operator's explicit choice, for
     * example {@code AWS_PROFILE} for a command). Baton's own {@code BATON_*} variables are refused:
     * they hold its tokens.
     */
    public ChildEnvironment passing(Collection<String> names) {
        checkPassable(names);
        Set<String> all = new TreeSet<>(passed);
        all.addAll(names);
        return new ChildEnvironment(parent, all);
    }

    /** Refuses names that cannot be {@link #passing passed}: blank, with {@code =}, or Baton's own {@code BATON_*}. */
    public static void checkPassable(Collection<String> names) {
        for (String n : names) {
            if (n == null || n.isBlank() || n.contains("=")) throw new IllegalArgumentException("pass-env: not a variable name: '" + n + "'");
            if (n.startsWith("BATON_")) throw new IllegalArgumentException("pass-env: Baton's own variable " + n + " is never passed to a child");
        }
    }

    /** Whether the parent's variable {@code name} reaches a child. */
    public boolean passes(String name) {
        return INHERITED.contains(name) || passed.contains(name);
    }

    /**
     * The whole environment of a child: the parent's variables that {@link #passes pass}, then
     * {@code own}, Baton's variables for this child. Each of those must be named {@code BATON_*} and
     * must not be a token.
     */
    public Map<String, String> build(Map<String, String> own) {
        Map<String, String> env = new LinkedHashMap<>();
        parent.forEach((k, v) -> {
            if (passes(k)) env.put(k, v);
        });
        own.forEach((k, v) -> {
            if (!k.startsWith("BATON_") || k.contains("TOKEN")) throw new IllegalArgumentException("a child gets no variable " + k);
            env.put(k, v);
        });
        return env;
    }

    /** Replaces {@code pb}'s environment (inherited from this JVM by default) with {@link #build}. */
    public ProcessBuilder applyTo(ProcessBuilder pb, Map<String, String> own) {
        Map<String, String> env = pb.environment();
        env.clear();
        env.putAll(build(own));
        return pb;
    }
}
