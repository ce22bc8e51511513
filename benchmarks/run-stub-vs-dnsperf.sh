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
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

OUT="${BENCH_OUT:-$ROOT/artifacts/benchmarks/stub}"
DURATION="${DURATION:-10}"
CONCURRENCY="${CONCURRENCY:-20}"
HOSTS="${HOSTS:-1000}"
PORT="${PORT:-53530}"
mkdir -p "$OUT"

NSD="$(find_tool nsd nsd)"; DNSPERF="$(find_tool dnsperf dnsperf)"

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

write_nsd_conf "$OUT/nsd.conf" "$PORT" "$OUT" "$OUT" bench.test. "$OUT/bench.test.zone"
"$NSD" -d -c "$OUT/nsd.conf" >"$OUT/nsd.out" 2>&1 &
NSD_PID=$!
trap 'stop_pid "$NSD_PID"' EXIT
wait_for_dns "$DNSPERF" "$PORT" "$OUT/queries.txt" || { echo "nsd did not start" >&2; cat "$OUT/nsd.out" >&2; exit 1; }

dotnet build "$ROOT/benchmarks/Dns.Secure.Benchmarks" -c Release -nologo -v q >&2
LOAD_BEFORE="$(load_average)"

echo "==> dnsperf" >&2
# -e: EDNS(0), as StubResolver sends it; one client socket, CONCURRENCY outstanding queries.
"$DNSPERF" -s 127.0.0.1 -p "$PORT" -d "$OUT/queries.txt" -l "$DURATION" -c 1 -q "$CONCURRENCY" -e >"$OUT/dnsperf.txt" 2>&1
echo "==> StubResolver" >&2
(cd "$ROOT/benchmarks/Dns.Secure.Benchmarks" && dotnet run -c Release --no-build -- stub-load "127.0.0.1:$PORT" "$OUT/queries.txt" "$CONCURRENCY" "$DURATION") >"$OUT/stub.txt"
LOAD_AFTER="$(load_average)"

DP_QPS="$(awk '/Queries per second:/ {printf "%.1f", $4}' "$OUT/dnsperf.txt")"
DP_DONE="$(awk '/Queries completed:/ {print $3}' "$OUT/dnsperf.txt")"
DP_LOST="$(awk '/Queries lost:/ {print $3}' "$OUT/dnsperf.txt")"
DP_LAT="$(awk '/Average Latency/ {print $4}' "$OUT/dnsperf.txt")"

echo "| client | concurrency | duration s | completed | failed/lost | queries/s | notes |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | --- |"
echo "| dnsperf $(dpkg-query -W -f='${Version}' dnsperf 2>/dev/null) | $CONCURRENCY outstanding | $DURATION | $DP_DONE | $DP_LOST | $DP_QPS | avg latency ${DP_LAT} s |"
echo "| Dns.Secure StubResolver | $CONCURRENCY workers | $(get "$OUT/stub.txt" seconds) | $(get "$OUT/stub.txt" lookups) | $(get "$OUT/stub.txt" failed) | $(get "$OUT/stub.txt" lookups_per_second) | cache bypassed; $(get "$OUT/stub.txt" upstream) upstream queries ($(get "$OUT/stub.txt" upstream_per_second)/s) |"
echo
echo "NSD $("$NSD" -v 2>&1 | head -n 1 | awk '{print $3}'), $HOSTS names, load average before: $LOAD_BEFORE, after: $LOAD_AFTER, nproc $(nproc)"
