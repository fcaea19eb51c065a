#!/usr/bin/env bash
# Healing on the production path (issue 14): kill -9 of nodes in a pool of 20 local nodes, each healed by Baton as
# deployed (crash detected, rule, guardrails, actuator, RUNNING). See bench/heal.py and BENCHMARKS.md.
# Usage: bench/heal.sh [--kills N] [--nodes N] [--keep]      (about 2 minutes)
# It builds app/target/baton.jar first (HEAL_SKIP_BUILD=1 skips that) and installs Debian's influxdb when root and
# missing. It takes no lock itself: on a shared machine run it under the Maven lock, e.g.
# flock /tmp/baton-mvn.lock bench/heal.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/prelude.sh
command -v influxd >/dev/null || need_debian heal influxdb
[[ "${HEAL_SKIP_BUILD:-}" == 1 ]] || build_jar
exec python3 -B bench/heal.py "$@"
