package io.baton.app.bench.faults;

final class OutageCase {
    static boolean run(FaultHarness h, int seconds, int rate) throws Exception {
        throw new UnsupportedOperationException("not yet");
    }
}
