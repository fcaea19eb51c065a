#!/usr/bin/env bash
# Backtest benchmark: pools x 10 nodes with cpu every 10 s for some days in a throwaway InfluxDB, then the backtest
# of the period with the shipped rules: write time, InfluxDB's read time alone, the backtest's wall time and peak heap.
# Usage: reports/bench-backtest.sh [pools=100] [days=1] [rules dir=rules]. It takes no lock itself: on a shared machine
# run it under the Maven lock, e.g. flock /tmp/baton-mvn.lock ./baton bench backtest 100 1
set -euo pipefail
cd "$(dirname "$0")/.."
build=(-q -B -pl reports -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test)
if ! out=$(mvn -o "${build[@]}" 2>&1); then
  if grep -qiE 'offline mode|could not resolve' <<<"$out"; then mvn "${build[@]}" >/dev/null
  else printf '%s\n' "$out" >&2; exit 1; fi
fi
cp="reports/target/test-classes:reports/target/classes"
for m in engine state testkit; do cp="$cp:$m/target/classes"; done
java -Xmx2g -XX:+UseParallelGC -cp "$cp:$(cat reports/target/bench.cp)" -Dlogback.configurationFile=engine/src/test/resources/logback-test.xml \
  io.baton.reports.backtest.BacktestBench "${1:-100}" "${2:-1}" "${3:-rules}"
