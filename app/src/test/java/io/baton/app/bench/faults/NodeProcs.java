package io.baton.app.bench.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Node JVMs of the local actuator, found in {@code /proc/<pid>/cmdline} by their {@code --owner <data dir>}. */
final class NodeProcs {
    record Node(long pid, String id, String pool, String owner) { }

    private NodeProcs() { }

    /** The live node processes whose data dir is {@code owner} (or under it, when {@code prefix}). */
    static List<Node> find(Path owner, boolean prefix) {
        String want = owner.toAbsolutePath().normalize().toString();
        List<Node> out = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.toList()) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) continue;
                String[] argv;
                try {
                    argv = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).split("\0");
                } catch (IOException e) {
                    continue; // gone
                }
                boolean node = false;
                String id = null, pool = null, own = null;
                for (int i = 0; i < argv.length; i++) {
                    if (argv[i].equals("io.baton.actuators.node.NodeServer")) node = true;
                    if (i + 1 < argv.length) {
                        switch (argv[i]) {
                            case "--id" -> id = argv[i + 1];
                            case "--pool" -> pool = argv[i + 1];
                            case "--owner" -> own = argv[i + 1];
                            default -> { }
                        }
                    }
                }
                if (!node || own == null) continue;
                String o = Path.of(own).toAbsolutePath().normalize().toString();
                if (prefix ? o.startsWith(want) : o.equals(want)) out.add(new Node(Long.parseLong(name), id, pool, o));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }

    /** SIGKILLs every node process whose data dir lies under {@code dir}, by pid; returns how many. */
    static int killAllUnder(Path dir) {
        int n = 0;
        for (Node node : find(dir, true)) {
            var h = ProcessHandle.of(node.pid());
            if (h.isPresent() && h.get().destroyForcibly()) n++;
        }
        return n;
    }
}
