package io.baton.app.bench.faults;

final class RolesCase {
    static boolean run(FaultHarness h) throws Exception {
        throw new UnsupportedOperationException("not yet");
    }
}
