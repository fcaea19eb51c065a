package io.baton.engine.rules;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.conf.EventProcessingOption;
import org.kie.api.builder.model.KieModuleModel;

/**
 * Compiles the policy files of a directory ({@code .drl}, {@code .dsl}, {@code .dslr}, and decision
 * tables in {@code .csv} or {@code .xlsx}, see {@link DecisionTable}) into a STREAM mode knowledge base. A set with any error is never installed, so whatever runs keeps running.
 * Files under a {@code tests} folder are scenarios, not rules, and are left out.
 */
public final class RuleCompiler {
    private static final String GROUP = "io.baton.rules";
    static final String KBASE = "policies";
    private static final AtomicLong VERSIONS = new AtomicLong();
    private final KieServices ks = KieServices.Factory.get();
    private final SentenceCheck sentences;

    /** A compiler that takes any policy file ({@link RuleMode#DRL}). */
    public RuleCompiler() {
        this(RuleMode.DRL);
    }

    /** A compiler for {@code mode}; under {@link RuleMode#SENTENCES} only the shipped sentences compile. */
    public RuleCompiler(RuleMode mode) {
        this.sentences = mode == RuleMode.SENTENCES ? new SentenceCheck() : null;
    }

    /** Reads the policy files of {@code dir}, keyed by their path relative to it, in name order. */
    public static Map<String, String> readDir(Path dir) {
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException("rules directory not found: " + dir);
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                String rel = dir.relativize(p).toString().replace('\\', '/');
                if (rel.startsWith("tests/") || !isPolicyFile(rel)) continue;
                // a workbook is binary: kept one char per byte, as DecisionTable reads it back
                files.put(rel, rel.endsWith(".xlsx") ? new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1)
                        : Files.readString(p, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read rules directory " + dir + ": " + e.getMessage(), e);
        }
        return files;
    }

    /** Whether {@code name} is a file the compiler takes. */
    public static boolean isPolicyFile(String name) {
        return name.endsWith(".drl") || name.endsWith(".dsl") || name.endsWith(".dslr") || DecisionTable.isTable(name);
    }

    /** Compiles the files of {@code dir}. */
    public CompileResult compile(Path dir) {
        return compile(readDir(dir));
    }

    /** Compiles {@code files} (relative name to content). */
    public CompileResult compile(Map<String, String> files) {
        if (files.isEmpty()) {
            return new CompileResult(null, List.of(new RuleError("(rules)", 0, "no .drl, .dsl, .dslr, .csv or .xlsx files")));
        }
        if (sentences != null) {
            List<RuleError> refused = sentences.check(files);
            if (!refused.isEmpty()) return new CompileResult(null, refused);
        }
        List<RuleError> bad = PolicyCheck.check(files);
        if (!bad.isEmpty()) return new CompileResult(null, bad);
        long version = VERSIONS.incrementAndGet();
        ReleaseId rid = ks.newReleaseId(GROUP, "policies", "1.0." + version);
        KieFileSystem kfs = ks.newKieFileSystem();
        kfs.generateAndWritePomXML(rid);
        KieModuleModel module = ks.newKieModuleModel();
        module.newKieBaseModel(KBASE).setDefault(true).addPackage("*")
                .setEventProcessingMode(EventProcessingOption.STREAM)
                .newKieSessionModel(KBASE + "-session").setDefault(true);
        kfs.writeKModuleXML(module.toXML());
        Map<String, String> byKiePath = new LinkedHashMap<>();
        List<RuleError> tableErrors = new ArrayList<>();
        for (Map.Entry<String, String> f : files.entrySet()) {
            String content = f.getValue();
            String kieName = f.getKey();
            if (DecisionTable.isTable(f.getKey())) {
                try {
                    content = DecisionTable.toDrl(f.getKey(), content);
                    kieName = f.getKey() + ".drl";
                } catch (DecisionTable.TableError e) {
                    tableErrors.add(new RuleError(f.getKey(), e.row, e.getMessage()));
                    continue;
                }
            }
            String kiePath = "src/main/resources/rules/" + kieName;
            byKiePath.put(kiePath, f.getKey());
            byKiePath.put("rules/" + kieName, f.getKey());
            kfs.write(kiePath, content);
        }
        if (!tableErrors.isEmpty()) return new CompileResult(null, tableErrors);
        KieBuilder builder = ks.newKieBuilder(kfs).buildAll();
        List<Message> messages = builder.getResults().getMessages(Message.Level.ERROR);
        if (!messages.isEmpty()) {
            ks.getRepository().removeKieModule(rid);
            return new CompileResult(null, firstPerFile(messages, byKiePath));
        }
        return new CompileResult(new RuleSet(version, List.copyOf(files.keySet()), digest(files), rid, builder.getKieModule()), List.of());
    }

    /** Whether {@code dir}'s files compile together; the errors if not. Installs nothing. */
    public List<RuleError> validate(Map<String, String> files) {
        CompileResult r = compile(files);
        release(r.ruleSet());
        return r.errors();
    }

    /** Forgets a rule set that no longer runs, so the repository does not grow with every reload. */
    public void release(RuleSet set) {
        if (set != null) ks.getRepository().removeKieModule(set.releaseId());
    }

    private static List<RuleError> firstPerFile(List<Message> messages, Map<String, String> byKiePath) {
        Map<String, RuleError> first = new LinkedHashMap<>();
        List<RuleError> unplaced = new ArrayList<>();
        for (Message m : messages) {
            String file = m.getPath() == null ? null : byKiePath.getOrDefault(m.getPath(), strip(m.getPath()));
            String text = m.getText() == null ? "" : m.getText().replaceAll("\\s+", " ").trim();
            if (file == null) unplaced.add(new RuleError("(rules)", m.getLine(), text));
            else first.putIfAbsent(file, new RuleError(file, m.getLine(), text));
        }
        List<RuleError> out = new ArrayList<>(first.values());
        if (out.isEmpty()) out.addAll(unplaced);
        return out;
    }

    private static String strip(String path) {
        String prefix = "rules/";
        int i = path.indexOf(prefix);
        return i >= 0 ? path.substring(i + prefix.length()) : path;
    }

    /** A short hash of file names and contents. */
    public static String digest(Map<String, String> files) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, String> f : new TreeMap<>(files).entrySet()) {
                md.update(f.getKey().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(f.getValue().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
