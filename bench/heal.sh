#!/usr/bin/env bash
# Healing on the production path (issue 14): kill -9 of nodes in a pool of 20 local nodes, each healed by Baton as
# deployed (crash detected, rule, guardrails, actuator, RUNNING). See bench/heal.py and BENCHMARKS.md.
# Usage: bench/heal.sh [--kills N] [--nodes N] [--keep]      (about 2 minutes)
# It builds app/target/baton.jar first (HEAL_SKIP_BUILD=1 skips that) and installs Debian's influxdb when root and
# missing. It takes no lock itself: on a shared machine run it under the Maven lock, e.g.
# flock /tmp/baton-mvn.lock bench/heal.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v influxd >/dev/null; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq influxdb) >&2
  else
    echo "heal: needs influxdb: run 'sudo apt-get install -y influxdb'" >&2
    exit 2
  fi
fi
if [[ "${HEAL_SKIP_BUILD:-}" != 1 ]]; then
  build=(-q -B -pl app -am package -DskipTests)
  if ! out=$(mvn -o "${build[@]}" 2>&1); then
    if grep -qiE 'offline mode|could not resolve' <<<"$out"; then mvn "${build[@]}" >/dev/null
    else printf '%s\n' "$out" >&2; exit 1; fi
  fi
fi
exec python3 -B bench/heal.py "$@"
