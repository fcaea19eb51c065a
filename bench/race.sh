#!/usr/bin/env bash
# The race (issue 14): Baton against a tuned Prometheus 2.42 + Alertmanager 0.25 on this machine, from one metric
# source, then Baton push-fed. See bench/race.py and BENCHMARKS.md, "The race".
# Usage: bench/race.sh [--trials N] [--push N] [--no-debian] [--quick] [--seed S] [--keep]
#   the full race (5 tuned trials, 1 at Debian's settings, 200 push-fed) takes about 15 minutes; --quick about 3.
# It builds app/target/baton.jar first (RACE_SKIP_BUILD=1 skips that) and installs Debian's prometheus,
# prometheus-alertmanager and influxdb when root and missing. It takes no lock itself: on a shared machine run it
# under the Maven lock, e.g. flock /tmp/baton-mvn.lock bench/race.sh --quick
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/prelude.sh
missing=()
[[ -x /usr/bin/prometheus ]] || missing+=(prometheus)
[[ -x /usr/bin/prometheus-alertmanager ]] || missing+=(prometheus-alertmanager)
command -v influxd >/dev/null || missing+=(influxdb)
need_debian race "${missing[@]}"
[[ "${RACE_SKIP_BUILD:-}" == 1 ]] || build_jar
exec python3 -B bench/race.py "$@"
