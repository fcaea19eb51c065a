package io.baton.collectors.proc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Reads a process's CPU time and resident memory from {@code /proc/<pid>/stat} and {@code /proc/<pid>/status}. */
public final class ProcReader {
    /** CPU time and memory of one process at one moment. */
    public record ProcStat(double cpuSeconds, long rssBytes) { }

    private final Path proc;
    private final long ticksPerSecond;

    /** Reads {@code /proc} with the usual USER_HZ of 100 ticks per second. */
    public ProcReader() {
        this(Path.of("/proc"), 100);
    }

    public ProcReader(Path proc, long ticksPerSecond) {
        this.proc = proc;
        this.ticksPerSecond = ticksPerSecond;
    }

    /** The process's utime+stime and VmRSS, or empty when the process does not exist (any more). */
    public Optional<ProcStat> read(long pid) {
        try {
            String stat = Files.readString(proc.resolve(pid + "/stat"), StandardCharsets.US_ASCII);
            // the command name (field 2) is in parentheses and may hold spaces: split after the last ')'
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);  // fields 14 (utime) and 15 (stime)
            long rss = 0;
            for (String line : Files.readAllLines(proc.resolve(pid + "/status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.substring(6).trim().split("\\s+")[0]) * 1024;  // kB
                    break;
                }
            }
            return Optional.of(new ProcStat((double) ticks / ticksPerSecond, rss));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
