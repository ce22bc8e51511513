#!/usr/bin/env bash
# Side-by-side uncached throughput: Dns.Secure's StubResolver against dnsperf, both querying the same NSD on
# 127.0.0.1 (a high port) with the same query list. Prints a Markdown table.
#
#   bash benchmarks/run-stub-vs-dnsperf.sh
#   DURATION=10 (seconds per run)  CONCURRENCY=20 (StubResolver workers = dnsperf -q outstanding queries)
#   HOSTS=1000 (names in the zone and in the query list)  PORT=53530
#
# Needs the .NET 10 SDK and the Debian packages nsd and dnsperf.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${BENCH_OUT:-$ROOT/artifacts/benchmarks/stub}"
DURATION="${DURATION:-10}"
CONCURRENCY="${CONCURRENCY:-20}"
HOSTS="${HOSTS:-1000}"
PORT="${PORT:-53530}"
mkdir -p "$OUT"

for tool in nsd dnsperf; do
  if ! command -v "$tool" >/dev/null && [ ! -x "/usr/sbin/$tool" ]; then
    echo "missing $tool (apt-get install -y $tool)" >&2
    exit 1
  fi
done
NSD="$(command -v nsd || echo /usr/sbin/nsd)"

# The zone: HOSTS A records; the query list: each of them once, in dnsperf's "name type" format.
{
  echo '$ORIGIN bench.test.'
  echo '$TTL 300'
  echo '@ IN SOA ns1 hostmaster 1 3600 900 604800 300'
  echo '@ IN NS ns1'
  echo 'ns1 IN A 127.0.0.1'
  for i in $(seq 0 $((HOSTS - 1))); do echo "host$i IN A 192.0.2.$((i % 250 + 1))"; done
} >"$OUT/bench.test.zone"
for i in $(seq 0 $((HOSTS - 1))); do echo "host$i.bench.test. A"; done >"$OUT/queries.txt"

cat >"$OUT/nsd.conf" <<CONF
server:
  ip-address: 127.0.0.1@$PORT
  port: $PORT
  do-ip6: no
  username: ""
  chroot: ""
  zonesdir: "$OUT"
  database: ""
  pidfile: "$OUT/nsd.pid"
  xfrdfile: "$OUT/xfrd.state"
  zonelistfile: "$OUT/zone.list"
  logfile: "$OUT/nsd.log"
  server-count: 1
  verbosity: 0
remote-control:
  control-enable: no
zone:
  name: "bench.test."
  zonefile: "$OUT/bench.test.zone"
CONF

"$NSD" -d -c "$OUT/nsd.conf" >"$OUT/nsd.out" 2>&1 &
NSD_PID=$!
trap 'kill "$NSD_PID" 2>/dev/null || true; wait "$NSD_PID" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  if dnsperf -s 127.0.0.1 -p "$PORT" -d "$OUT/queries.txt" -n 1 -c 1 >/dev/null 2>&1; then break; fi
  sleep 0.2
done

dotnet build "$ROOT/benchmarks/Dns.Secure.Benchmarks" -c Release -nologo -v q >&2
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"

echo "==> dnsperf" >&2
# -e: EDNS(0), as StubResolver sends it; one client socket, CONCURRENCY outstanding queries.
dnsperf -s 127.0.0.1 -p "$PORT" -d "$OUT/queries.txt" -l "$DURATION" -c 1 -q "$CONCURRENCY" -e >"$OUT/dnsperf.txt" 2>&1
echo "==> StubResolver" >&2
(cd "$ROOT/benchmarks/Dns.Secure.Benchmarks" && dotnet run -c Release --no-build -- stub-load "127.0.0.1:$PORT" "$OUT/queries.txt" "$CONCURRENCY" "$DURATION") >"$OUT/stub.txt"
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

DP_QPS="$(awk '/Queries per second:/ {printf "%.1f", $4}' "$OUT/dnsperf.txt")"
DP_DONE="$(awk '/Queries completed:/ {print $3}' "$OUT/dnsperf.txt")"
DP_LOST="$(awk '/Queries lost:/ {print $3}' "$OUT/dnsperf.txt")"
DP_LAT="$(awk '/Average Latency/ {print $4}' "$OUT/dnsperf.txt")"
get() { tr ' ' '\n' <"$OUT/stub.txt" | awk -F= -v k="$1" '$1 == k {print $2}'; }

echo "| client | concurrency | duration s | completed | failed/lost | queries/s | notes |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | --- |"
echo "| dnsperf $(dpkg-query -W -f='${Version}' dnsperf 2>/dev/null) | $CONCURRENCY outstanding | $DURATION | $DP_DONE | $DP_LOST | $DP_QPS | avg latency ${DP_LAT} s |"
echo "| Dns.Secure StubResolver | $CONCURRENCY workers | $(get seconds) | $(get lookups) | $(get failed) | $(get lookups_per_second) | cache bypassed; $(get upstream) upstream queries ($(get upstream_per_second)/s) |"
echo
echo "NSD $("$NSD" -v 2>&1 | head -n 1 | awk '{print $3}'), $HOSTS names, load average before: $LOAD_BEFORE, after: $LOAD_AFTER, nproc $(nproc)"
