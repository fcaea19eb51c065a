# Sourced by bench/heal.sh and bench/race.sh from the repository's root: the Debian packages a bench runs for real,
# and the service jar (app/target/baton.jar) it starts.

# need_debian WHO PACKAGE...: installs the packages (none: nothing) with apt-get when root; otherwise says how and exits 2.
need_debian() {
  local who=$1
  shift
  [[ $# -gt 0 ]] || return 0
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "$who: installing $* (Debian packages)..." >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@") >&2
  else
    echo "$who: needs $*: run 'sudo apt-get install -y $*'" >&2
    exit 2
  fi
}

# build_jar: packages the app module and what it needs, tests skipped. Offline first; online only when an artifact
# is missing from the local repository, and a failed build shows why (exit 1).
build_jar() {
  local build=(-q -B -pl app -am package -DskipTests) out
  if ! out=$(mvn -o "${build[@]}" 2>&1); then
    if grep -qiE 'offline mode|could not resolve' <<<"$out"; then mvn "${build[@]}" >/dev/null
    else printf '%s\n' "$out" >&2; exit 1; fi
  fi
}
