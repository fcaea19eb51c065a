package io.baton.reports.backtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;

/** Writes {@code backtest-<from>_<to>.json} and {@code .html}, each under a temporary name first, then moved into place. */
public final class BacktestFiles {
    private BacktestFiles() { }

    /** {@code backtest-20261101T000000Z_20261108T000000Z}, stamped like the usage report's files. */
    public static String baseName(Instant from, Instant to) {
        return "backtest-" + stamp(from) + "_" + stamp(to);
    }

    static BacktestResult write(BacktestResult r, Path dir) {
        try {
            Files.createDirectories(dir);
            String base = baseName(r.from(), r.to());
            Path json = put(dir.resolve(base + ".json"), BacktestJson.render(r));
            Path html = put(dir.resolve(base + ".html"), BacktestHtml.render(r));
            return new BacktestResult(r.from(), r.to(), r.runs(), r.recorded(), r.currency(), List.of(json, html));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the backtest's files in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Path put(Path target, String content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        return Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String stamp(Instant t) {
        return t.toString().replace(":", "").replace("-", "").replace(".000", "");
    }
}
