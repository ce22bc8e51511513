#!/usr/bin/env bash
# The Linux UDP event loop (src/Dns.Secure/Transport/EventLoop) against the runtime's socket engine, side by side in one
# run, alternating (issue 5, goal a): the cold phase of `validator-load` (new names, zone keys cached, one UDP exchange
# and one validation per answer; CPU of the whole process per answer), then `udp-transport-load` (our UdpTransport alone,
# both engines) and `udp-floor-load` (the bare socket API) over the same names. The engine is switched off with
# DNSSECURE_UDP_EVENT_LOOP=0 (the benchmark sets the AppContext switch DnsSecure.Transport.DisableUdpEventLoop).
#   bash benchmarks/run-udp-loop-ab.sh SERVER DIR [ROUNDS]
# SERVER: an NSD serving the validator benchmark tree (as run-validator-vs-unbound.sh starts it), e.g. 127.0.0.1:53540;
# DIR: anchors.txt, warmup-ecdsa.txt, ecdsa-names.txt, warmup-rsa.txt, rsa-names.txt (that script's name lists).
# PERF=1 also prints `perf stat` context switches, page faults and system calls per answer (a 100-name run subtracted).
set -euo pipefail
SERVER="${1:?server}"; DIR="${2:?dir}"; ROUNDS="${3:-3}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dotnet build "$ROOT/benchmarks/Dns.Secure.Benchmarks" -c Release -v q >/dev/null
B="$ROOT/benchmarks/Dns.Secure.Benchmarks/bin/Release/net10.0/Dns.Secure.Benchmarks.dll"
load() { DOTNET_TieredCompilation=0 VALIDATOR_COLD_ONLY=1 DNSSECURE_UDP_EVENT_LOOP=$1 dotnet "$B" validator-load "$SERVER" "$DIR/anchors.txt" "$DIR/warmup-$2.txt" "$3" 20 3 2>/dev/null | grep phase=cold; }
echo "uptime: $(uptime)"
echo "| round | zone | engine | answers | cpu µs/answer |"; echo "|---|---|---|---|---|"
for round in $(seq "$ROUNDS"); do
  for alg in ecdsa rsa; do
    for e in 1 0; do
      r="$(load $e $alg "$DIR/$alg-names.txt")"
      echo "| $round | $alg | $([ $e = 1 ] && echo loop || echo sockets) | $(grep -o 'answers=[0-9]*' <<<"$r" | head -1 | cut -d= -f2) | $(grep -o 'cpu_us_per_answer=[0-9.]*' <<<"$r" | cut -d= -f2) |"
    done
  done
done
for round in $(seq "$ROUNDS"); do
  for e in 1 0; do DOTNET_TieredCompilation=0 DNSSECURE_UDP_EVENT_LOOP=$e dotnet "$B" udp-transport-load "$SERVER" "$DIR/ecdsa-names.txt" 20 2>/dev/null; done
  DOTNET_TieredCompilation=0 dotnet "$B" udp-floor-load "$SERVER" "$DIR/ecdsa-names.txt" 20 2>/dev/null
done
if [ "${PERF:-0}" = 1 ]; then
  small="$(mktemp)"; head -100 "$DIR/ecdsa-names.txt" > "$small"
  for e in 1 0; do
    for q in "$small" "$DIR/ecdsa-names.txt"; do
      answers="$(DOTNET_TieredCompilation=0 VALIDATOR_COLD_ONLY=1 DNSSECURE_UDP_EVENT_LOOP=$e perf stat -x, -o "$small.perf" \
        -e context-switches,page-faults,raw_syscalls:sys_enter dotnet "$B" validator-load "$SERVER" "$DIR/anchors.txt" "$DIR/warmup-ecdsa.txt" "$q" 20 3 2>/dev/null \
        | grep -o 'phase=cold answers=[0-9]*' | cut -d= -f3)"
      echo "$answers $(grep -v '^#\|^$' "$small.perf" | cut -d, -f1 | paste -sd' ')" >> "$small.$e"
    done
    # the 100-name run (start-up, JIT, warm-up) subtracted from the full one, divided by the extra answers
    awk -v e="$([ $e = 1 ] && echo loop || echo sockets)" 'NR==1{n=$1;a=$2;b=$3;c=$4} NR==2{n=$1-n; printf "perf %s: context switches %.2f, page faults %.2f, system calls %.1f per answer (%d answers)\n", e, ($2-a)/n, ($3-b)/n, ($4-c)/n, n}' "$small.$e"
  done
  rm -f "$small" "$small".*
fi
echo "uptime: $(uptime)"
