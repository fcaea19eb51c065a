package io.baton.app.bench.faults;

final class KillCase {
    static boolean run(FaultHarness h, int rounds, long seed) throws Exception {
        throw new UnsupportedOperationException("not yet");
    }
}
