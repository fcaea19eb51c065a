#!/usr/bin/env bash
# Collectors benchmarks: line-protocol parse rate per core, and HTTP ingest -> InfluxDB end to end vs. writing straight
# to InfluxDB with one writer and with two writers at once, all three in every round of the same run.
# Usage: collectors/bench.sh [parse|ingest|all] [ingest lines per round (default 300000)] [client threads end to end (default 1)]
#        [rounds (default 7)]
# Env BENCH_JAVA_OPTS, e.g. -Dbench.settle-ms=3000 -Dbench.writes-in-flight=3 (the sink's baton.influx.writes-in-flight).
# Needs influxd (apt-get install -y influxdb) or Docker. Builds the module first.
# Holds the shared Maven lock for the whole run (build and measurement), so that no build shares the cores with it.
set -euo pipefail
if [[ -z "${BATON_BENCH_LOCKED:-}" ]]; then
  exec env BATON_BENCH_LOCKED=1 flock /tmp/baton-mvn.lock "$0" "$@"
fi
cd "$(dirname "$0")/.."
what="${1:-all}"
lines="${2:-300000}"
clients="${3:-1}"
rounds="${4:-7}"
cp_file=collectors/target/bench.classpath
mvn -q -B -o -pl collectors test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cp="collectors/target/test-classes:collectors/target/classes:$(cat "$cp_file")"
jvm=(java -Xms1g -Xmx2g -XX:+UseParallelGC ${BENCH_JAVA_OPTS:-} -cp "$cp")
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ "$what" == parse || "$what" == all ]]; then
  "${jvm[@]}" io.baton.collectors.bench.ParserBench 5
fi
if [[ "$what" == ingest || "$what" == all ]]; then
  "${jvm[@]}" io.baton.collectors.bench.IngestBench "$lines" "$clients" "$rounds" 2>&1 | grep --line-buffered -v -E 'DockerClientProviderStrategy|UnixSocketClientProviderStrategy|DockerDesktopClientProviderStrategy|As no valid configuration|See https://java.testcontainers.org'
fi
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
