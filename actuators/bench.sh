#!/usr/bin/env bash
# Benchmarks the local actuator with real node processes (see BENCHMARKS-section.md).
# Usage: actuators/bench.sh [nodes]   (default 50; run from the repository root or the module dir)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
nodes="${1:-50}"
cd "$root"
flock /tmp/baton-mvn.lock mvn -q -B -o -pl actuators test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test >&2
cp="$here/target/classes:$here/target/test-classes:$(cat "$here/target/bench.cp")"
exec java -Xmx256m -cp "$cp" -Dlogback.configurationFile="$here/src/test/resources/logback-bench.xml" \
  io.baton.actuators.bench.LocalBench "$nodes"
