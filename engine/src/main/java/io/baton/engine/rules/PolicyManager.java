package io.baton.engine.rules;

import io.baton.engine.scenario.ScenarioGate;
import io.baton.engine.scenario.ScenarioRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the running rules in step with the policy directory. A change is compiled off the engine
 * thread; only a set that compiles with no error is swapped in (through {@code swapper}, which runs
 * the swap on the engine thread and returns the set it replaced). A broken file leaves the running
 * rules alone and its {@code file:line} errors in {@link #status()}. When the directory has scenarios
 * ({@code tests/*.yaml}), a set goes live only if every one passes. The engine keeps the newest set
 * that ran within its fire limit installed as its fallback: when it finds a new set looping
 * ({@link #rolledBack}), it goes back to that one.
 */
public final class PolicyManager implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PolicyManager.class);
    private final Path dir;
    private final RuleCompiler compiler;
    private UnaryOperator<RuleSet> swapper;
    private ScheduledExecutorService watcher;
    private RuleSet running;
    /** The files each installed set was built from, while it is installed (for undoing a looping upload). */
    private final Map<Long, Map<String, String>> sources = new java.util.concurrent.ConcurrentHashMap<>();
    /** The files written through {@link #put}. */
    private final java.util.Set<String> uploadedFiles = new java.util.TreeSet<>();
    private final ScenarioGate scenarios = new ScenarioGate(new ScenarioRunner());
    private long loadedAt;
    private String lastSeenDigest;
    private List<RuleError> lastErrors = List.of();
    private long lastErrorAt;
    private final List<RuleReload.Listener> reloadListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public PolicyManager(Path dir, RuleCompiler compiler) {
        this.dir = dir;
        this.compiler = compiler;
    }

    /** Compiles the directory for the first time; throws with every error if it does not compile. */
    public synchronized RuleSet load() {
        Map<String, String> files = RuleCompiler.readDir(dir);
        CompileResult r = compiler.compile(files);
        if (!r.ok()) {
            lastErrors = r.errors();
            throw new IllegalStateException("rules in " + dir + " do not compile:\n" + String.join("\n", r.errors().stream().map(RuleError::toString).toList()));
        }
        running = r.ruleSet();
        sources.put(running.version(), Map.copyOf(files));
        lastSeenDigest = running.digest();
        loadedAt = System.currentTimeMillis();
        return running;
    }

    /** Adds a listener told of every reload attempt after the first load: loaded, rejected or rolled back. */
    public void addReloadListener(RuleReload.Listener listener) {
        reloadListeners.add(listener);
    }

    private void told(RuleReload.Outcome outcome, List<RuleError> errors, long at) {
        RuleReload r = new RuleReload(at, outcome, running == null ? 0 : running.version(), errors);
        for (RuleReload.Listener l : reloadListeners) {
            try {
                l.onReload(r);
            } catch (RuntimeException e) {
                log.warn("a rule reload listener failed: {}", e.toString());
            }
        }
    }

    /** Sets how a compiled set reaches the engine; the operator returns the set it replaced. */
    public synchronized void onSwap(UnaryOperator<RuleSet> swapper) {
        this.swapper = swapper;
    }

    /** Polls the directory every {@code interval} and reloads on change. */
    public synchronized void watch(Duration interval) {
        if (watcher != null) return;
        watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "baton-rules-watch");
            t.setDaemon(true);
            return t;
        });
        watcher.scheduleWithFixedDelay(this::reloadIfChanged, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Reloads if the files changed since the last look; returns true when a new set was swapped in. */
    public synchronized boolean reloadIfChanged() {
        try {
            Map<String, String> files = RuleCompiler.readDir(dir);
            String digest = RuleCompiler.digest(files);
            if (digest.equals(lastSeenDigest)) return false;
            lastSeenDigest = digest;
            return install(files).isEmpty();
        } catch (RuntimeException e) {
            log.warn("rules reload failed: {}", e.getMessage());
            told(RuleReload.Outcome.REJECTED, List.of(new RuleError(dir.toString(), 0, String.valueOf(e.getMessage()))), System.currentTimeMillis());
            return false;
        }
    }

    /**
     * Compiles {@code files} (the directory's current ones with any edits applied) and runs the
     * directory's scenarios against them, without installing anything.
     */
    public List<RuleError> validate(Map<String, String> edits) {
        Map<String, String> files = new TreeMap<>(RuleCompiler.readDir(dir));
        files.putAll(edits);
        CompileResult r = compiler.compile(files);
        if (!r.ok()) return r.errors();
        try {
            return scenarios.check(dir, r.ruleSet(), files);
        } finally {
            compiler.release(r.ruleSet());
        }
    }

    /**
     * Replaces (or adds) one policy file: compiled together with the others and swapped in atomically;
     * the file is written only if it compiles. Returns the errors, empty on success.
     */
    public synchronized List<RuleError> put(String file, String content) {
        if (!RuleCompiler.isPolicyFile(file) || file.contains("/") || file.contains("\\") || file.startsWith(".")) {
            return List.of(new RuleError(file, 0, "a policy file is a plain .drl, .dsl, .dslr or .csv name"));
        }
        if (file.endsWith(".xlsx")) {
            return List.of(new RuleError(file, 0, "an .xlsx workbook is binary: copy it into the rules directory (the upload takes text files, a table as .csv)"));
        }
        Map<String, String> files = new TreeMap<>(RuleCompiler.readDir(dir));
        files.put(file, content);
        List<RuleError> errors = install(files);
        if (errors.isEmpty()) {
            write(file, content);
            lastSeenDigest = RuleCompiler.digest(files);
            uploadedFiles.add(file);
        }
        return errors;
    }

    private void write(String file, String content) {
        try {
            Path tmp = Files.createTempFile(dir, ".upload", ".tmp");
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            Files.move(tmp, dir.resolve(file), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("rules swapped in but " + file + " could not be written: " + e.getMessage(), e);
        }
    }

    /**
     * Puts the files that uploads changed back as they were for {@code restored}, once {@code looping}
     * was rolled back, so that no reload or restart brings the looping rules back. Files edited on disk
     * by hand are left for their editor to fix (the directory's digest keeps them from being reloaded
     * until they change).
     */
    private void undoUploads(RuleSet looping, RuleSet restored) {
        Map<String, String> bad = sources.get(looping.version());
        Map<String, String> good = restored == null ? null : sources.get(restored.version());
        if (bad == null || good == null) return;
        for (String file : uploadedFiles) {
            if (java.util.Objects.equals(bad.get(file), good.get(file))) continue;
            try {
                if (good.containsKey(file)) write(file, good.get(file));
                else Files.deleteIfExists(dir.resolve(file));
                log.error("rules upload of {} undone: the rules kept firing", file);
            } catch (IOException | RuntimeException e) {
                log.error("rules upload of {} could not be undone: {}", file, e.getMessage());
            }
        }
        lastSeenDigest = RuleCompiler.digest(RuleCompiler.readDir(dir));
    }

    private List<RuleError> install(Map<String, String> files) {
        CompileResult r = compiler.compile(files);
        List<RuleError> errors = r.ok() ? scenarios.check(dir, r.ruleSet(), files) : r.errors();
        if (!errors.isEmpty()) {
            if (r.ok()) compiler.release(r.ruleSet());
            lastErrors = errors;
            lastErrorAt = System.currentTimeMillis();
            log.warn("rules not reloaded, the running version {} stays: {}", running == null ? 0 : running.version(), errors);
            told(RuleReload.Outcome.REJECTED, errors, lastErrorAt);
            return errors;
        }
        RuleSet retired = swapper == null ? running : swapper.apply(r.ruleSet());
        running = r.ruleSet();
        loadedAt = System.currentTimeMillis();
        lastErrors = List.of();
        lastErrorAt = 0;
        sources.put(running.version(), Map.copyOf(files));
        if (retired != null && retired != running) release(retired);
        log.info("rules version {} running ({} files)", running.version(), running.files().size());
        told(RuleReload.Outcome.LOADED, List.of(), loadedAt);
        return List.of();
    }

    /**
     * The engine found {@code looping} firing without end and went back to {@code restored}, the newest
     * set that had run within the fire limit. Called on the engine thread, so the bookkeeping happens
     * on another thread: an install may be waiting for the engine while holding this manager's lock.
     */
    public void rolledBack(RuleSet looping, RuleSet restored, String error) {
        Thread t = new Thread(() -> {
            synchronized (this) {
                undoUploads(looping, restored);
                release(looping);
                if (running != looping) {
                    log.error("rules version {} was rolled back: {}", looping.version(), error);
                    return;
                }
                running = restored;
                loadedAt = System.currentTimeMillis();
                lastErrors = List.of(new RuleError(looping.files().isEmpty() ? "(rules)" : String.join(", ", looping.files()), 0, error));
                lastErrorAt = loadedAt;
                log.error("rules version {} rolled back to version {}: {}", looping.version(), restored.version(), error);
                told(RuleReload.Outcome.ROLLED_BACK, lastErrors, loadedAt);
            }
        }, "baton-rules-rollback");
        t.setDaemon(true);
        t.start();
    }

    /** Releases a set the engine no longer needs (not even as its fallback). Safe on any thread. */
    public void release(RuleSet set) {
        sources.remove(set.version());
        compiler.release(set);
    }

    public synchronized RuleStatus status() {
        return new RuleStatus(running == null ? 0 : running.version(), running == null ? List.of() : running.files(),
                running == null ? "" : running.digest(), loadedAt, lastErrors, lastErrorAt);
    }

    public Path dir() { return dir; }

    @Override public synchronized void close() {
        if (watcher != null) watcher.shutdownNow();
    }
}
