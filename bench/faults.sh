#!/usr/bin/env bash
# Fault harness of issue 9 ("Do no harm"): real Baton processes (the built jar), a real influxd, real node JVMs.
# Usage: bench/faults.sh [fuzz [bodies] [seed] | rules [uploads] [seed] | outage [duration] [rate] | kill [rounds] [seed] | roles | all]
#   e.g. bench/faults.sh outage 30s 20000   (a quick outage; the default is the issue's 5m at 50000 samples/s)
# Prints one "RESULT <case> <figures> target: ... PASS|FAIL" line per case; exits 1 when a case misses its target.
# It builds first (app/target/baton.jar and the test classpath). It takes no lock itself: on a shared machine run it
# under the Maven lock, e.g. flock /tmp/baton-mvn.lock bench/faults.sh roles. Needs influxd (apt-get install -y influxdb).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${FAULTS_SKIP_BUILD:-}" != 1 ]]; then
  mvn -q -B -pl app -am package -DskipTests dependency:build-classpath \
    -Dmdep.outputFile=target/faults.cp -Dmdep.includeScope=test >&2
fi
cp="app/target/test-classes:$(cat app/target/faults.cp)"
exec java -Xmx2g -XX:+UseParallelGC -Dbaton.test.influx=local -Dfaults.root="$PWD" -Dfaults.jar="$PWD/app/target/baton.jar" \
  ${FAULTS_JAVA_OPTS:-} -cp "$cp" io.baton.app.bench.faults.FaultHarness "$@"
