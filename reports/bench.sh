#!/usr/bin/env bash
# Reports benchmark: a month of history for 100,000 nodes across 2,000 customers, then the usage report.
# Usage: reports/bench.sh [nodes] [customers]      (REPORT_BENCH_JAVA_OPTS adds JVM options, e.g. -XX:StartFlightRecording=...)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -pl reports -am test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test >/dev/null
java -Xmx1g ${REPORT_BENCH_JAVA_OPTS:-} -cp "reports/target/test-classes:reports/target/classes:$(cat reports/target/bench.cp)" \
  io.baton.reports.bench.ReportBench "${1:-100000}" "${2:-2000}"
