#!/usr/bin/env bash
# A throwaway InfluxDB 1.x (Debian's influxdb package): writes DIR/influxdb.conf (data, meta and WAL under DIR; HTTP on
# 127.0.0.1:HTTP_PORT, RPC on 127.0.0.1:RPC_PORT; no reporting, no query or HTTP log, no monitor store) and then
# becomes influxd (exec), so the caller's pid of this script is influxd's: SIGTERM stops it (it takes about 1.6 s).
# The caller picks both free ports and waits for GET http://127.0.0.1:HTTP_PORT/ping to answer 204.
# Used by bench/demo-ha.sh, bench/race_peers.py and ./baton demo (InfluxProcess).
# Usage: bench/influxd-throwaway.sh DIR HTTP_PORT RPC_PORT
set -euo pipefail
[[ $# -eq 3 ]] || { echo "usage: $0 DIR HTTP_PORT RPC_PORT" >&2; exit 2; }
dir=$1 http=$2 rpc=$3
mkdir -p "$dir"
dir="$(cd "$dir" && pwd)"
cat > "$dir/influxdb.conf" <<CONF
reporting-disabled = true
bind-address = "127.0.0.1:$rpc"
[meta]
  dir = "$dir/meta"
[data]
  dir = "$dir/data"
  wal-dir = "$dir/wal"
  query-log-enabled = false
[monitor]
  store-enabled = false
[http]
  enabled = true
  bind-address = "127.0.0.1:$http"
  log-enabled = false
CONF
exec influxd -config "$dir/influxdb.conf"
