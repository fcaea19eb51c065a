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
missing=()
[[ -x /usr/bin/prometheus ]] || missing+=(prometheus)
[[ -x /usr/bin/prometheus-alertmanager ]] || missing+=(prometheus-alertmanager)
command -v influxd >/dev/null || missing+=(influxdb)
if [[ ${#missing[@]} -gt 0 ]]; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "race: installing ${missing[*]} (Debian packages)..." >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}") >&2
  else
    echo "race: needs ${missing[*]}: run 'sudo apt-get install -y ${missing[*]}'" >&2
    exit 2
  fi
fi
if [[ "${RACE_SKIP_BUILD:-}" != 1 ]]; then
  build=(-q -B -pl app -am package -DskipTests)
  # offline first; online only when an artifact is missing from the local repository, and a failed build shows why
  if ! out=$(mvn -o "${build[@]}" 2>&1); then
    if grep -qiE 'offline mode|could not resolve' <<<"$out"; then mvn "${build[@]}" >/dev/null
    else printf '%s\n' "$out" >&2; exit 1; fi
  fi
fi
exec python3 -B bench/race.py "$@"
