# Functions shared by the benchmarks/run-*.sh scripts; each sources this file first:
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# It sets ROOT (the repository root). Servers are started on 127.0.0.1 and stopped by the process id they got.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# find_tool NAME PACKAGE: the path of a tool (PATH or /usr/sbin), or exit naming the Debian package.
find_tool() {
  command -v "$1" 2>/dev/null || { [ -x "/usr/sbin/$1" ] && echo "/usr/sbin/$1"; } || { echo "missing $1 (apt-get install -y $2)" >&2; exit 1; }
}

# load_average: the 1, 5 and 15 minute load averages.
load_average() { cut -d' ' -f1-3 /proc/loadavg; }

# get FILE KEY: the value of KEY=value in a line of space-separated key=value pairs (what the benchmark tools print).
get() { tr ' ' '\n' <"$1" | awk -F= -v k="$2" '$1 == k {print $2}'; }

# write_nsd_conf FILE PORT STATE_DIR ZONES_DIR (ORIGIN ZONEFILE)...: an NSD configuration for 127.0.0.1@PORT, no
# privileges dropped, pid/log/state files in STATE_DIR, one zone per ORIGIN ZONEFILE pair.
write_nsd_conf() {
  local file="$1" port="$2" state="$3" zonesdir="$4"
  shift 4
  {
    cat <<CONF
server:
  ip-address: 127.0.0.1@$port
  port: $port
  do-ip6: no
  username: ""
  chroot: ""
  zonesdir: "$zonesdir"
  database: ""
  pidfile: "$state/nsd.pid"
  xfrdfile: "$state/xfrd.state"
  zonelistfile: "$state/zone.list"
  logfile: "$state/nsd.log"
  server-count: 1
  rrl-ratelimit: 0
  verbosity: 0
remote-control:
  control-enable: no
CONF
    while [ "$#" -ge 2 ]; do
      printf 'zone:\n  name: "%s"\n  zonefile: "%s"\n' "$1" "$2"
      shift 2
    done
  } >"$file"
}

# wait_for_dns DNSPERF PORT QUERY_FILE: waits (up to 30 s) until 127.0.0.1@PORT answers the first query of QUERY_FILE;
# returns non-zero if it never does.
wait_for_dns() {
  local dnsperf="$1" port="$2" queries="$3"
  for _ in $(seq 1 150); do
    "$dnsperf" -s 127.0.0.1 -p "$port" -d "$queries" -n 1 -c 1 2>/dev/null | grep -q 'Queries completed: *1 ' && return 0
    sleep 0.2
  done
  return 1
}

# stop_pid PID: stops that one process (if still running) and reaps it.
stop_pid() {
  [ -n "$1" ] || return 0
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}
