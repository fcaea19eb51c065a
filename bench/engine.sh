#!/usr/bin/env bash
# Engine benchmark: the shipped rules through the threaded engine loop on the pseudo clock, nodes sending 5 metrics every 10 s.
# Usage: bench/engine.sh            issue 14's case (= ./baton bench engine): 10,000 pools x 10 nodes = 100,000 nodes,
#            30 simulated minutes, run twice: paced at 50,000 samples/s through the service's queue (4,096 batches,
#            dropping what does not fit) for the sample-to-actuator latency, then flat out for samples/s and the heap
#            after a forced full GC every 5 simulated minutes; a summary at the end. About 37 minutes of wall time.
#            BENCH_MINUTES=N runs N simulated minutes instead of 30 (a report every minute below 10).
#        bench/engine.sh [pools] [minutes] [samples/s to pace at, 0 = flat out]   one run (1,000 pools, 30 minutes, flat out)
#        bench/engine.sh leader [minutes] [samples/s]   one leader carrying 100,000 nodes: 10,000 pools x 10 nodes,
#            paced at 50,000 samples/s by default (0 = flat out), through the service's queue when paced. 4 simulated
#            minutes by default. Its timeline turns early (hot pools from 30 s, failing probes from 60 s); idle pools
#            scale in only in runs of 11 minutes or more.
# Every run includes the service's DecisionTelemetry on the engine thread (a log line, a Prometheus counter and a
# decision record through the real InfluxDB sink to a throwaway influxd, per journal entry); it needs influxd
# (apt-get install -y influxdb). BENCH_TELEMETRY=0 leaves it out (the journal only) and builds the engine module only.
# JVM options: BENCH_HEAP (default -Xmx2g) plus BENCH_JAVA_OPTS (default -XX:+UseParallelGC). It takes no lock itself: on a shared
# machine run it under the Maven lock, e.g. flock /tmp/baton-mvn.lock bench/engine.sh leader.
set -euo pipefail
cd "$(dirname "$0")/.."
telemetry="${BENCH_TELEMETRY:-1}"
if [[ "$telemetry" == 1 ]]; then
  command -v influxd >/dev/null || { echo "bench/engine.sh: influxd is needed for DecisionTelemetry's records (apt-get install -y influxdb), or set BENCH_TELEMETRY=0" >&2; exit 2; }
  module=app
else
  module=engine
fi
build=(-q -B -pl "$module" -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test)
# offline first; online only when an artifact is missing from the local repository, and a failed build shows why
if ! out=$(mvn -o "${build[@]}" 2>&1); then
  if grep -qiE 'offline mode|could not resolve' <<<"$out"; then mvn "${build[@]}" >/dev/null
  else printf '%s\n' "$out" >&2; exit 1; fi
fi
cp="engine/target/test-classes:engine/target/classes"
tprops=()
if [[ "$telemetry" == 1 ]]; then
  cp="engine/target/test-classes:app/target/test-classes:app/target/classes:$(cat app/target/bench.cp)"
  tprops=(-Dbench.telemetry=io.baton.app.telemetry.BenchTelemetry -Dbaton.test.influx=local)
else
  cp="$cp:$(cat engine/target/bench.cp)"
fi

# one run: EngineBench pools minutes rate, with extra -D options before
run() {
  local pools=$1 minutes=$2 rate=$3
  shift 3
  echo "run start: $(date -u +%H:%M:%S) UTC, load average $(cut -d' ' -f1-3 /proc/loadavg)"
  java ${BENCH_HEAP:--Xmx2g} ${BENCH_JAVA_OPTS:--XX:+UseParallelGC} "$@" "${tprops[@]}" -cp "$cp" \
    -Dlogback.configurationFile=bench/engine-logback.xml -Dbench.decisions.log=engine/target/bench-decisions.log \
    io.baton.engine.bench.EngineBench "$pools" "$minutes" rules "$rate"
  echo "run end: $(date -u +%H:%M:%S) UTC, load average $(cut -d' ' -f1-3 /proc/loadavg)"
}

if [[ $# -eq 0 ]]; then
  paced=engine/target/bench-paced.out flat=engine/target/bench-flat.out minutes="${BENCH_MINUTES:-30}"
  echo "== 1 of 2: 10,000 pools, $minutes simulated minutes, paced at 50,000 samples/s ($(uptime)) =="
  run 10000 "$minutes" 50000 -Dbench.queue=4096 | tee "$paced"
  echo "== 2 of 2: 10,000 pools, $minutes simulated minutes, flat out ($(uptime)) =="
  run 10000 "$minutes" 0 | tee "$flat"
  echo "== summary: 100,000 nodes, 5 metrics every 10 s, $minutes simulated minutes ($(uptime)) =="
  echo "paced at 50,000 samples/s (target p99 <= 50 ms):"
  grep -E '^(run start|run end|sample-to-actuator latency|throughput|queue:|heap after)' "$paced" | sed 's/^/  /'
  echo "flat out (target >= 500,000 samples/s on 2 cores; heap flat, <= 1.5 GB):"
  grep -E '^(run start|run end|throughput|heap after full GC|engine thread|decisions dispatched)' "$flat" | sed 's/^/  /'
  exit 0
fi
props=()
if [[ "${1:-}" == leader ]]; then
  set -- 10000 "${2:-4}" "${3:-50000}"
  props=(-Dbench.queue=4096 -Dbench.timeline=leader)
fi
run "${1:-1000}" "${2:-30}" "${3:-0}" "${props[@]}"
