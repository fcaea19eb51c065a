#!/usr/bin/env bash
# Reports benchmark: a month of history for 10,000 nodes across 200 customers, then the usage report.
# Usage: reports/bench.sh [nodes] [customers]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -pl reports test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test >/dev/null
java -Xmx1g -cp "reports/target/test-classes:reports/target/classes:$(cat reports/target/bench.cp)" \
  io.baton.reports.bench.ReportBench "${1:-10000}" "${2:-200}"
