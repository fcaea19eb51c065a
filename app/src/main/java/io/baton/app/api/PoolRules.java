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
 * The running policy files read for people: each rule's name, its file, the pool or customer it is limited to
 * (if it names one, in DRL or in a sentence), and the metric thresholds and targets it tests, from the shipped sentences ("CPU of the pool is
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
    private static final Pattern AVERAGE_SENTENCE = Pattern.compile("average (\\S+) of the pool over \\d+ minutes is (above|below) (-?[\\d.]+)");
    private static final Pattern MEMORY_SENTENCE = Pattern.compile("memory of the pool is (above|below) (-?[\\d.]+) percent for");
    private static final Pattern RATE_SENTENCE = Pattern.compile("request rate of the pool is (above|below) (-?[\\d.]+) per node for");
    private static final Pattern CPU_TARGET = Pattern.compile("keep CPU of the pool near (-?[\\d.]+) percent");
    private static final Pattern RATE_TARGET = Pattern.compile("keep request rate of the pool near (-?[\\d.]+) per node");
    private static final Pattern DRL_POOL = Pattern.compile("Pool\\(\\s*name\\s*==\\s*\"([^\"]+)\"|there is a pool named (\\S+)");
    private static final Pattern DRL_CUSTOMER = Pattern.compile("Pool\\(\\s*customer\\s*==\\s*\"([^\"]+)\"|there is a pool of customer (\\S+)");
    private final EngineService engine;

    /** A threshold a rule tests: {@code metric op value}, e.g. {@code cpu > 80}; {@code ~} for a target the pool is kept near. */
    record Threshold(String metric, String op, double value) { }

    /** One rule: its name, file, the pool and the customer it is limited to ("" for any) and its thresholds. */
    record RuleInfo(String rule, String file, String pool, String customer, List<Threshold> thresholds) { }

    PoolRules(EngineService engine) {
        this.engine = engine;
    }

    /** The rules that apply to {@code pool} of {@code customer}: those limited to no pool or customer, or to these. */
    List<RuleInfo> of(String pool, String customer) {
        return all().stream().filter(r -> (r.pool().isEmpty() || r.pool().equals(pool))
                && (r.customer().isEmpty() || r.customer().equals(customer))).toList();
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
                out.add(new RuleInfo(m.group(1), f.getKey(), first(DRL_POOL, body), first(DRL_CUSTOMER, body), thresholds(body)));
            }
        }
        return out;
    }

    /** The first name the pattern finds (in whichever of its groups matched), or "". */
    private static String first(Pattern p, String body) {
        Matcher m = p.matcher(body);
        if (!m.find()) return "";
        return m.group(1) != null ? m.group(1) : m.group(2);
    }

    private static List<Threshold> thresholds(String body) {
        List<Threshold> out = new ArrayList<>();
        Matcher cpu = CPU_SENTENCE.matcher(body);
        while (cpu.find()) out.add(new Threshold("cpu", op(cpu.group(1)), Double.parseDouble(cpu.group(2))));
        Matcher metric = METRIC_SENTENCE.matcher(body);
        while (metric.find()) {
            if (!metric.group(1).equals("CPU")) out.add(new Threshold(metric.group(1), op(metric.group(2)), Double.parseDouble(metric.group(3))));
        }
        Matcher average = AVERAGE_SENTENCE.matcher(body);
        while (average.find()) out.add(new Threshold(average.group(1), op(average.group(2)), Double.parseDouble(average.group(3))));
        Matcher memory = MEMORY_SENTENCE.matcher(body);
        while (memory.find()) out.add(new Threshold("mem_percent", op(memory.group(1)), Double.parseDouble(memory.group(2))));
        Matcher rate = RATE_SENTENCE.matcher(body);
        while (rate.find()) out.add(new Threshold("rps_per_node", op(rate.group(1)), Double.parseDouble(rate.group(2))));
        Matcher cpuTarget = CPU_TARGET.matcher(body);
        while (cpuTarget.find()) out.add(new Threshold("cpu", "~", Double.parseDouble(cpuTarget.group(1))));
        Matcher rateTarget = RATE_TARGET.matcher(body);
        while (rateTarget.find()) out.add(new Threshold("rps_per_node", "~", Double.parseDouble(rateTarget.group(1))));
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
