#!/usr/bin/env bash
# Engine benchmark: the shipped rules, 1,000 pools x 10 nodes x 5 metrics, 30 simulated minutes.
# Usage: bench/engine.sh [pools] [minutes] [samples/s to pace at, 0 = flat out]
#        bench/engine.sh leader [minutes] [samples/s]   one leader carrying 100,000 nodes: 10,000 pools x 10 nodes,
#            5 metrics every 10 s, paced at 50,000 samples/s by default (0 = flat out), through the service's queue
#            (4,096 batches, dropping what does not fit) when paced. 4 simulated minutes by default, which at
#            50,000 samples/s are 4 real minutes: keep it short on a shared machine. Its timeline turns early
#            (hot pools from 30 s, failing probes from 60 s); idle pools scale in only in runs of 11 minutes or more.
# JVM options: -Xmx2g plus BENCH_JAVA_OPTS (default -XX:+UseParallelGC). It takes no lock itself: on a shared
# machine run it under the Maven lock, e.g. flock /tmp/baton-mvn.lock bench/engine.sh leader.
set -euo pipefail
cd "$(dirname "$0")/.."
props=()
if [[ "${1:-}" == leader ]]; then
  set -- 10000 "${2:-4}" "${3:-50000}"
  props=(-Dbench.queue=4096 -Dbench.timeline=leader)
fi
build=(-q -B -pl engine test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test)
# offline first; online only when an artifact is missing from the local repository, and a failed build shows why
if ! out=$(mvn -o "${build[@]}" 2>&1); then
  if grep -qiE 'offline mode|could not resolve' <<<"$out"; then mvn "${build[@]}" >/dev/null
  else printf '%s\n' "$out" >&2; exit 1; fi
fi
java -Xmx2g ${BENCH_JAVA_OPTS:--XX:+UseParallelGC} "${props[@]}" -cp "engine/target/test-classes:engine/target/classes:$(cat engine/target/bench.cp)" \
  -Dlogback.configurationFile=engine/src/test/resources/logback-test.xml \
  io.baton.engine.bench.EngineBench "${1:-1000}" "${2:-30}" rules "${3:-0}"
