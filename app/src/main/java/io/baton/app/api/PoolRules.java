package io.baton.app.api;

import io.baton.app.engine.EngineService;
import io.baton.engine.rules.RuleCompiler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The running policy files read for people: each rule's name, its file, the pool it is limited to (if
 * its DRL names one), and the metric thresholds it tests, from the shipped sentences ("CPU of the pool is
 * above 80 percent for 2 minutes") or plain DRL ({@code PoolMetric(metric == "queue_depth", value > 10)}).
 * The console draws these thresholds as lines on the pool's charts.
 */
@Component
class PoolRules {
    private static final Pattern RULE = Pattern.compile("(?ms)^\\s*rule\\s+\"([^\"]+)\"(.*?)^\\s*end\\s*$");
    private static final Pattern CPU_SENTENCE = Pattern.compile("CPU of the pool is (above|below) (-?[\\d.]+) percent for");
    private static final Pattern METRIC_SENTENCE = Pattern.compile("(\\S+) of the pool is (above|below) (-?[\\d.]+) for");
    private static final Pattern NODE_LATENCY = Pattern.compile("p95 latency stays (above|below) (-?[\\d.]+) ms");
    private static final Pattern DRL_METRIC = Pattern.compile("metric\\s*==\\s*\"([A-Za-z0-9_.:-]+)\"([^\\n]*)");
    private static final Pattern DRL_TEST = Pattern.compile(
            "\\b(?:value|median|minOver\\(\\d+\\)|maxOver\\(\\d+\\)|avgOver\\(\\d+\\)|maxMedianOver\\(\\d+\\))\\s*(>=?|<=?)\\s*(-?[\\d.]+)");
    private static final Pattern DRL_POOL = Pattern.compile("Pool\\(\\s*name\\s*==\\s*\"([^\"]+)\"");
    private final EngineService engine;

    /** A threshold a rule tests: {@code metric op value}, e.g. {@code cpu > 80}. */
    record Threshold(String metric, String op, double value) { }

    /** One rule: its name, file, the pool it is limited to ("" for every pool) and its thresholds. */
    record RuleInfo(String rule, String file, String pool, List<Threshold> thresholds) { }

    PoolRules(EngineService engine) {
        this.engine = engine;
    }

    /** The rules that apply to {@code pool}: those limited to no pool or to this one. */
    List<RuleInfo> of(String pool) {
        return all().stream().filter(r -> r.pool().isEmpty() || r.pool().equals(pool)).toList();
    }

    List<RuleInfo> all() {
        return parse(RuleCompiler.readDir(engine.policies().dir()));
    }

    /** The rules of the given files (name to content), in file order. */
    static List<RuleInfo> parse(Map<String, String> files) {
        List<RuleInfo> out = new ArrayList<>();
        for (Map.Entry<String, String> f : new java.util.TreeMap<>(files).entrySet()) {
            if (f.getKey().endsWith(".dsl")) continue;
            Matcher m = RULE.matcher(f.getValue());
            while (m.find()) {
                String body = m.group(2);
                Matcher pool = DRL_POOL.matcher(body);
                out.add(new RuleInfo(m.group(1), f.getKey(), pool.find() ? pool.group(1) : "", thresholds(body)));
            }
        }
        return out;
    }

    private static List<Threshold> thresholds(String body) {
        List<Threshold> out = new ArrayList<>();
        Matcher cpu = CPU_SENTENCE.matcher(body);
        while (cpu.find()) out.add(new Threshold("cpu", op(cpu.group(1)), Double.parseDouble(cpu.group(2))));
        Matcher metric = METRIC_SENTENCE.matcher(body);
        while (metric.find()) {
            if (!metric.group(1).equals("CPU")) out.add(new Threshold(metric.group(1), op(metric.group(2)), Double.parseDouble(metric.group(3))));
        }
        Matcher latency = NODE_LATENCY.matcher(body);
        while (latency.find()) out.add(new Threshold("latency_p95", op(latency.group(1)), Double.parseDouble(latency.group(2))));
        Matcher drl = DRL_METRIC.matcher(body);
        while (drl.find()) {
            Matcher test = DRL_TEST.matcher(drl.group(2));
            while (test.find()) out.add(new Threshold(drl.group(1), test.group(1), Double.parseDouble(test.group(2))));
        }
        return out;
    }

    private static String op(String word) {
        return word.equals("above") ? ">" : "<";
    }
}
