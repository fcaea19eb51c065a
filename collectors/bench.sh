#!/usr/bin/env bash
# Collectors benchmarks: line-protocol parse rate per core, and HTTP ingest -> InfluxDB end to end vs. direct writes.
# Usage: collectors/bench.sh [parse|ingest|all] [ingest lines (default 1000000)] [client threads (default 2)] [rounds (default 2)]
# Env BENCH_JAVA_OPTS, e.g. -Dbench.direct-writers=2 (default 1) -Dbench.settle-ms=3000.
# Needs influxd (apt-get install -y influxdb) or Docker. Builds the module first (Maven under the shared lock).
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"
lines="${2:-1000000}"
clients="${3:-2}"
rounds="${4:-2}"
cp_file=collectors/target/bench.classpath
flock /tmp/baton-mvn.lock mvn -q -B -o -pl collectors test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cp="collectors/target/test-classes:collectors/target/classes:$(cat "$cp_file")"
jvm=(java -Xms1g -Xmx2g -XX:+UseParallelGC ${BENCH_JAVA_OPTS:-} -cp "$cp")
if [[ "$what" == parse || "$what" == all ]]; then
  "${jvm[@]}" io.baton.collectors.bench.ParserBench 5
fi
if [[ "$what" == ingest || "$what" == all ]]; then
  "${jvm[@]}" io.baton.collectors.bench.IngestBench "$lines" "$clients" "$rounds" 2>&1 | grep --line-buffered -v -E 'DockerClientProviderStrategy|UnixSocketClientProviderStrategy|DockerDesktopClientProviderStrategy|As no valid configuration|See https://java.testcontainers.org'
fi
