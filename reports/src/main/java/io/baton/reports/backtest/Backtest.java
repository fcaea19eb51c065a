package io.baton.reports.backtest;

import io.baton.engine.catalog.PoolSpec;
import io.baton.engine.model.Sample;
import io.baton.engine.rules.CompileResult;
import io.baton.engine.rules.RuleCompiler;
import io.baton.engine.rules.RuleError;
import io.baton.engine.rules.RuleSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.influxdb.InfluxDB;

/**
 * Replays a recorded period through one rule set, or two side by side: the real engine on the pseudo clock
 * over a simulated fleet (see {@link SimulatedRun}), fed from InfluxDB an hour at a time so memory stays flat
 * however long the period. Two rule sets read the same input once and run on two threads.
 */
public final class Backtest {
    /** How much history is read at once. */
    static final long CHUNK_MS = 3_600_000L;
    private final BacktestConfig config;
    private final InfluxDB influx;

    public Backtest(BacktestConfig config, InfluxDB influx) {
        this.config = config;
        this.influx = influx;
    }

    /**
     * Runs the request; writes {@code backtest-<from>_<to>.json} and {@code .html} when it names an output directory.
     *
     * @throws BacktestException for input it cannot run on, before anything ran
     */
    public BacktestResult run(BacktestRequest req, Progress progress) {
        List<PoolSpec> specs = select(req.pools());
        long from = req.from().toEpochMilli();
        long to = req.to().toEpochMilli();
        RuleCompiler compiler = new RuleCompiler(config.mode());
        List<RuleSet> sets = new ArrayList<>();
        List<SimulatedRun> runs = new ArrayList<>();
        ExecutorService second = req.rules().size() > 1 ? Executors.newSingleThreadExecutor(r -> new Thread(r, "backtest-compare")) : null;
        try {
            for (Path dir : req.rules()) sets.add(compile(compiler, dir));
            List<String> names = specs.stream().map(PoolSpec::name).toList();
            History history = new InfluxHistory(influx, config.metricsDatabase(), config.recordsDatabase(), names);
            if (!history.hasCpu(from, to)) {
                throw new BacktestException("no data: no cpu reading of " + describe(names) + " from " + req.from() + " to " + req.to()
                        + " in database " + config.metricsDatabase() + ", so there is nothing to replay");
            }
            Map<String, List<String>> atStart = history.runningAt(from);
            for (int i = 0; i < sets.size(); i++) runs.add(new SimulatedRun(req.rules().get(i).toString(), sets.get(i), config, specs, atStart, req));
            replay(history, specs, from, to, runs, second, progress);
            BacktestResult result = Outcomes.of(req, config, specs, runs, new RecordedFleet(influx, config).read(specs, from, to));
            if (req.outDir() == null) return result;
            return BacktestFiles.write(result, req.outDir());
        } finally {
            if (second != null) second.shutdownNow();
            runs.forEach(SimulatedRun::close);
            sets.forEach(compiler::release);
        }
    }

    private void replay(History history, List<PoolSpec> specs, long from, long to, List<SimulatedRun> runs, ExecutorService second, Progress progress) {
        Map<String, Integer> index = new LinkedHashMap<>();
        for (PoolSpec s : specs) index.put(s.name(), index.size());
        RecordedLoad[] loads = new RecordedLoad[specs.size()];
        for (int i = 0; i < loads.length; i++) loads[i] = new RecordedLoad();
        ExecutorService reader = Executors.newSingleThreadExecutor(r -> new Thread(r, "backtest-reader"));
        try {
            // the next hour is read while this one is simulated: never more than two stretches in memory
            Future<List<History.Reading>> next = reader.submit(read(history, from - RecordedLoad.VALID_MS - 1, from, to));
            long done = 0;
            for (long start = from; start < to; start += CHUNK_MS) {
                int secs = seconds(start, to);
                List<History.Reading> readings = get(next);
                long nextStart = start + CHUNK_MS;
                if (nextStart < to) next = reader.submit(read(history, start + (secs - 1) * 1000L, nextStart, to));
                double[][] load = new double[secs][specs.size()];
                List<List<Sample>> replay = new ArrayList<>(secs);
                int c = 0;
                for (int s = 0; s < secs; s++) {
                    long t = start + s * 1000L;
                    List<Sample> samples = new ArrayList<>(0);
                    for (; c < readings.size() && readings.get(c).time() <= t; c++) {
                        History.Reading r = readings.get(c);
                        Integer p = index.get(r.pool());
                        if (p == null) continue;
                        if (r.metric().equals("cpu")) {
                            if (r.node() != null) loads[p].reading(r.node(), r.value(), r.time());
                        } else if (r.time() >= from) {
                            samples.add(new Sample(r.pool(), r.node(), r.metric(), r.value(), r.time()));
                        }
                    }
                    for (int p = 0; p < loads.length; p++) load[s][p] = loads[p].at(t);
                    replay.add(samples);
                }
                long chunkStart = start;
                Future<?> other = second == null ? null : second.submit(() -> drive(runs.get(1), chunkStart, load, replay));
                drive(runs.get(0), chunkStart, load, replay);
                if (other != null) get(other);
                done += (long) secs * specs.size() * runs.size();
                progress.at(start + secs * 1000L, from, to, specs.size(), done);
            }
        } finally {
            reader.shutdownNow();
        }
    }

    /** The readings the stretch starting at {@code start} needs: those after {@code after} up to its last second. */
    private static java.util.concurrent.Callable<List<History.Reading>> read(History history, long after, long start, long to) {
        long last = start + (seconds(start, to) - 1) * 1000L;
        return () -> history.readings(after, last);
    }

    private static int seconds(long start, long to) {
        return (int) ((Math.min(to, start + CHUNK_MS) - start + 999) / 1000);
    }

    private static void drive(SimulatedRun run, long start, double[][] load, List<List<Sample>> replay) {
        for (int s = 0; s < load.length; s++) run.second(start + s * 1000L, load[s], replay.get(s));
    }

    private static <T> T get(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("backtest interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        }
    }

    private List<PoolSpec> select(List<String> wanted) {
        if (config.pools().isEmpty()) throw new BacktestException("no pools are configured (baton.pools): nothing to backtest");
        if (wanted.isEmpty()) return config.pools();
        Map<String, PoolSpec> byName = new LinkedHashMap<>();
        config.pools().forEach(p -> byName.put(p.name(), p));
        List<PoolSpec> out = new ArrayList<>();
        for (String w : wanted) {
            PoolSpec p = byName.get(w);
            if (p == null) throw new BacktestException("unknown pool " + w + " (configured: " + String.join(", ", byName.keySet()) + ")");
            if (!out.contains(p)) out.add(p);
        }
        return out;
    }

    private static RuleSet compile(RuleCompiler compiler, Path dir) {
        if (!Files.isDirectory(dir)) throw new BacktestException(dir + ": not a rules directory");
        CompileResult r = compiler.compile(dir);
        if (!r.ok()) {
            throw new BacktestException(dir + ": the rules do not compile", r.errors().stream().map(e -> where(dir, e)).toList());
        }
        return r.ruleSet();
    }

    /** {@code DIR/FILE:LINE: message}. */
    private static String where(Path dir, RuleError e) {
        return dir.resolve(e.file()) + ":" + Math.max(e.line(), 0) + ": " + e.message();
    }

    private static String describe(List<String> pools) {
        return pools.size() == 1 ? "pool " + pools.get(0) : "pools " + String.join(", ", pools);
    }
}
