#!/usr/bin/env bash
# Engine benchmark: the shipped rules, 1,000 pools x 10 nodes x 5 metrics, 30 simulated minutes.
# Usage: bench/engine.sh [pools] [minutes] [samples/s to pace at, 0 = flat out]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -pl engine test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test >/dev/null
java -Xmx2g ${BENCH_JAVA_OPTS:--XX:+UseParallelGC} -cp "engine/target/test-classes:engine/target/classes:$(cat engine/target/bench.cp)" \
  -Dlogback.configurationFile=engine/src/test/resources/logback-test.xml \
  io.baton.engine.bench.EngineBench "${1:-1000}" "${2:-30}" rules "${3:-0}"
