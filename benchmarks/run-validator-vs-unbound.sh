#!/usr/bin/env bash
# The validator's CPU per uncached validated answer, side by side with Unbound (issue 5, goal a), and the cold chain for
# a TLSA name (goal c). One NSD on 127.0.0.1 serves a private tree signed by BIND's dnssec-signzone:
#   .  →  bench.  →  ecdsa.bench. (ECDSAP256SHA256)  and  rsa.bench. (RSASHA256, 2048-bit keys)
# each leaf zone holding HOSTS signed A records (h0 … hN), a wildcard (*.wild) and www + _443._tcp.www TLSA.
# For each leaf zone and each kind of name (distinct signed names; new names under the wildcard):
#   Unbound 1 thread, validating with the root KSK as anchor, stub zones → NSD; dnsperf warms it with WARMUP names
#     (zone keys cached), then sends every other name once (cold: each a cache miss, an exchange with NSD and a
#     validation), then loops over them for DURATION s (warm: cache hits). CPU = utime+stime of the Unbound process
#     from /proc/PID/stat over each phase, divided by the responses.
#   Dns.Secure: `Dns.Secure.Benchmarks validator-load` — a ValidatingResolver in stub mode asking NSD directly,
#     same warm-up, same names, CONCURRENCY lookups in flight; CPU = the whole process's CPU time (load generation
#     included) over each phase, divided by the answers; and its context switches per answer (getrusage, every
#     thread): how often a thread slept and woke, which is what the default mode's hand-off to the thread pool costs.
# Then `cold-chain`: a fresh resolver per lookup of _443._tcp.www.ecdsa.bench. TLSA (6 queries to NSD), the chain's
# queries sent one after another (sequential) and ahead, concurrently (the default), alternately.
#   COLD_CHAIN_ONLY=1 HOSTS=100 bash benchmarks/run-validator-vs-unbound.sh   # only the cold-chain table (goal c)
#
#   bash benchmarks/run-validator-vs-unbound.sh            # prints Markdown tables; raw outputs in $OUT
#   HOSTS=20000 WARMUP=500 CONCURRENCY=20 DURATION=10 NSD_PORT=53540 UNBOUND_PORT=53541 ITERATIONS=300
#   After the main table, the floor under the cold phase: the same names with the bare socket API (`udp-floor-load`).
#   ROUNDS=5: Unbound and Dns.Secure measured alternately, five times each per zone and kind of name, and a summary table
#     with the medians and the median of the per-round ratios (this VM's speed drifts by ±20 % from minute to minute, so one
#     pair of runs can land on either side of a goal). WARM=0 leaves out the warm phases (cache hits) to save time.
#   PROFILE=1: `perf record -g` of each cold phase (Unbound's process; our process from the end of its warm-up), sorted by
#     benchmarks/perf-categories.py into kinds of work (kernel scheduling, sockets, page faults; OpenSSL; C library; .NET
#     runtime; managed code; Unbound itself), each as µs per answer, side by side. Needs perf; sampling adds a little CPU.
#   STAGES=1 [STAGES_COUNT=1500]: also the cost of each stage of an uncached answer (`validator-stages`: encode, UDP
#   exchange, decode, sections, signing input, verify, validation without the network, the whole lookup).
#   OURS_MODES="default pool" (the default: both): which configurations of ours are measured, each a row of its own
#     beside Unbound's (in the interleaved ROUNDS summary too):
#       default   — the library's defaults: one UDP event loop, callers resume on the loop thread (no hand-off), so the
#                   load's workers and the resolver run on one busy thread, as the single-threaded Unbound does;
#       pool      — ValidatingResolverOptions.ContinueOnThreadPool and two loops (VALIDATOR_POOL=1 VALIDATOR_LOOPS=2):
#                   callers resume on the thread pool, the library's default before stop 20;
#       loops2    — the default with two loops (VALIDATOR_LOOPS=2): more answers per second, more CPU per answer.
#     The cold-chain table is measured in each mode too.
# Needs the .NET 10 SDK and the Debian packages nsd unbound dnsperf bind9-utils.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

OUT="${BENCH_OUT:-$ROOT/artifacts/benchmarks/validator}"
HOSTS="${HOSTS:-20000}"
WARMUP="${WARMUP:-500}"
CONCURRENCY="${CONCURRENCY:-20}"
DURATION="${DURATION:-10}"
ROUNDS="${ROUNDS:-1}"
WARM="${WARM:-1}"
ITERATIONS="${ITERATIONS:-300}"
NSD_PORT="${NSD_PORT:-53540}"
UNBOUND_PORT="${UNBOUND_PORT:-53541}"
ZONES="${ZONES:-ecdsa rsa}"
KINDS="${KINDS:-names wild}"
OURS_MODES="${OURS_MODES:-default pool}"
# mode_env MODE: the environment of ours in MODE (see the header), as NAME=VALUE words for env(1).
mode_env() {
  case "$1" in
    default) echo "VALIDATOR_POOL=0" ;;
    pool) echo "VALIDATOR_POOL=1 VALIDATOR_LOOPS=2" ;;
    loops2) echo "VALIDATOR_POOL=0 VALIDATOR_LOOPS=2" ;;
    *) echo "unknown mode in OURS_MODES: $1 (default, pool, loops2)" >&2; exit 2 ;;
  esac
}
# ours_name MODE: the validator column of ours in MODE.
ours_name() { if [ "$1" = default ]; then echo "Dns.Secure"; else echo "Dns.Secure $1"; fi; }
for mode in $OURS_MODES; do mode_env "$mode" >/dev/null; done
mkdir -p "$OUT"

NSD="$(find_tool nsd nsd)"; UNBOUND="$(find_tool unbound unbound)"; DNSPERF="$(find_tool dnsperf dnsperf)"
KEYGEN="$(find_tool dnssec-keygen bind9-utils)"; SIGNZONE="$(find_tool dnssec-signzone bind9-utils)"
TICK="$(getconf CLK_TCK)"

# --- the signed tree (kept between runs with the same HOSTS) ---------------------------------------------------------
Z="$OUT/zones-$HOSTS"
sign() { # origin algorithm zonefile → $dir/zone.db.signed, $dir/dsset-<origin>, $dir/ksk.key
  local origin="$1" alg="$2" dir="$3" size=()
  [[ "$alg" == RSA* ]] && size=(-b 2048)
  local ksk zsk
  ksk="$(cd "$dir" && "$KEYGEN" "${size[@]}" -a "$alg" -f KSK -n ZONE -K "$dir" "$origin" 2>/dev/null)"
  zsk="$(cd "$dir" && "$KEYGEN" "${size[@]}" -a "$alg" -n ZONE -K "$dir" "$origin" 2>/dev/null)"
  grep -v '^;' "$dir/$ksk.key" >"$dir/ksk.key"
  (cd "$dir" && "$SIGNZONE" -S -K "$dir" -d "$dir" -o "$origin" -f "$dir/zone.db.signed" "$dir/zone.db" >/dev/null 2>&1)
}
soa() { printf '$TTL 3600\n%s IN SOA ns1.bench. hostmaster.bench. 1 3600 600 864000 300\n%s IN NS ns1.bench.\n' "$1" "$1"; }
if [ ! -f "$Z/root/zone.db.signed" ]; then
  echo "==> signing the tree ($HOSTS names per leaf zone)" >&2
  rm -rf "$Z"; mkdir -p "$Z/root" "$Z/bench" "$Z/ecdsa" "$Z/rsa"
  for leaf in ecdsa rsa; do
    alg=ECDSAP256SHA256; [ "$leaf" = rsa ] && alg=RSASHA256
    {
      soa "$leaf.bench."
      echo "www.$leaf.bench. IN A 192.0.2.80"
      echo "_443._tcp.www.$leaf.bench. IN TLSA 3 1 1 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF"
      echo "*.wild.$leaf.bench. IN A 192.0.2.90"
      awk -v n="$HOSTS" -v z="$leaf.bench." 'BEGIN { for (i = 0; i < n; i++) printf "h%d.%s IN A 10.%d.%d.%d\n", i, z, int(i / 65536) % 256, int(i / 256) % 256, i % 256 }'
    } >"$Z/$leaf/zone.db"
    sign "$leaf.bench." "$alg" "$Z/$leaf"
  done
  { soa "bench."; echo "ns1.bench. IN A 127.0.0.1"; echo "ecdsa.bench. IN NS ns1.bench."; echo "rsa.bench. IN NS ns1.bench.";
    cat "$Z/ecdsa/dsset-ecdsa.bench." "$Z/rsa/dsset-rsa.bench."; } >"$Z/bench/zone.db"
  sign "bench." ECDSAP256SHA256 "$Z/bench"
  { soa "."; echo "bench. IN NS ns1.bench."; echo "ns1.bench. IN A 127.0.0.1"; cat "$Z/bench/dsset-bench."; } >"$Z/root/zone.db"
  sign "." ECDSAP256SHA256 "$Z/root"
fi
cp "$Z/root/ksk.key" "$OUT/anchors.txt"

# --- NSD -------------------------------------------------------------------------------------------------------------
write_nsd_conf "$OUT/nsd.conf" "$NSD_PORT" "$OUT" "$Z" \
  . "$Z/root/zone.db.signed" bench. "$Z/bench/zone.db.signed" ecdsa.bench. "$Z/ecdsa/zone.db.signed" rsa.bench. "$Z/rsa/zone.db.signed"
"$NSD" -d -c "$OUT/nsd.conf" >"$OUT/nsd.out" 2>&1 &
NSD_PID=$!
UNBOUND_PID=""
cleanup() { stop_pid "$UNBOUND_PID"; stop_pid "$NSD_PID"; }
trap cleanup EXIT
echo "www.ecdsa.bench. A" >"$OUT/probe.txt"
wait_for_dns "$DNSPERF" "$NSD_PORT" "$OUT/probe.txt" || { echo "nsd did not start" >&2; cat "$OUT/nsd.out" >&2; exit 1; }

start_unbound() {
  cat >"$OUT/unbound.conf" <<CONF
server:
  interface: 127.0.0.1@$UNBOUND_PORT
  port: $UNBOUND_PORT
  do-daemonize: no
  username: ""
  chroot: ""
  directory: "$OUT"
  pidfile: ""
  use-syslog: no
  logfile: "$OUT/unbound.log"
  verbosity: 0
  num-threads: 1
  do-ip6: no
  so-reuseport: no
  access-control: 127.0.0.0/8 allow
  do-not-query-localhost: no
  qname-minimisation: no
  aggressive-nsec: no
  prefetch: no
  msg-cache-size: 128m
  rrset-cache-size: 256m
  module-config: "validator iterator"
  trust-anchor-file: "$OUT/anchors.txt"
remote-control:
  control-enable: no
CONF
  local stub
  for stub in . bench. ecdsa.bench. rsa.bench.; do printf 'stub-zone:\n  name: "%s"\n  stub-addr: 127.0.0.1@%s\n' "$stub" "$NSD_PORT" >>"$OUT/unbound.conf"; done
  "$UNBOUND" -d -c "$OUT/unbound.conf" >"$OUT/unbound.out" 2>&1 &
  UNBOUND_PID=$!
  wait_for_dns "$DNSPERF" "$UNBOUND_PORT" "$OUT/probe.txt" && return 0
  echo "unbound did not start" >&2; cat "$OUT/unbound.out" >&2; exit 1
}
stop_unbound() { stop_pid "$UNBOUND_PID"; UNBOUND_PID=""; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# context_switches PID: voluntary + involuntary context switches of every thread of PID so far.
context_switches() { cat /proc/"$1"/task/*/status 2>/dev/null | awk '/^(non)?voluntary_ctxt_switches:/ { s += $2 } END { print s + 0 }'; }
perf_field() { awk -v k="$2" 'index($0, k) { sub(".*" k " *", ""); print $1; exit }' "$1"; }

echo "==> building" >&2
[ -n "${NO_BUILD:-}" ] || dotnet build "$ROOT/benchmarks/Dns.Secure.Benchmarks" -c Release -nologo -v q >&2
BENCH=(dotnet "$ROOT/benchmarks/Dns.Secure.Benchmarks/bin/Release/net10.0/Dns.Secure.Benchmarks.dll")
# Methods are compiled fully optimised on first use, during the warm-up, so that no JIT work lands in the measured
# phases (tiered compilation would recompile hot methods in the background while they are measured). Override to compare.
export DOTNET_TieredCompilation="${DOTNET_TieredCompilation:-0}"

PHASES="cold"; [ "$WARM" = 1 ] && [ -z "${PROFILE:-}" ] && PHASES="cold warm"
PERF_FREQUENCY="${PERF_FREQUENCY:-2000}"
PROFILES=()
# run_unbound ZONE KIND ROUND / run_ours ZONE KIND ROUND: one measured run each, appended to ROWS.
run_unbound() {
  local zone="$1" kind="$2" round="$3" c0 c1 c2 s0 s1 s2 f done_ qps noerror ticks us phase switches
  echo "==> Unbound: $zone $kind (round $round of $ROUNDS)" >&2
  start_unbound
  "$DNSPERF" -s 127.0.0.1 -p "$UNBOUND_PORT" -d "$OUT/warmup-$zone.txt" -n 1 -c 1 -q 10 -e -D >/dev/null 2>&1
  local perf_pid=""
  if [ -n "${PROFILE:-}" ]; then
    perf record -q -F "$PERF_FREQUENCY" -g -p "$UNBOUND_PID" -o "$OUT/perf-unbound-$zone-$kind.data" >/dev/null 2>&1 &
    perf_pid=$!
    sleep 0.5
  fi
  c0="$(cpu_ticks "$UNBOUND_PID")"; s0="$(context_switches "$UNBOUND_PID")"
  "$DNSPERF" -s 127.0.0.1 -p "$UNBOUND_PORT" -d "$OUT/$zone-$kind.txt" -n 1 -c 1 -q "$CONCURRENCY" -e -D >"$OUT/unbound-$zone-$kind-cold.txt" 2>&1
  c1="$(cpu_ticks "$UNBOUND_PID")"; s1="$(context_switches "$UNBOUND_PID")"
  if [ -n "$perf_pid" ]; then
    kill -INT "$perf_pid"; wait "$perf_pid" || true
  fi
  if [ "$WARM" = 1 ]; then
    "$DNSPERF" -s 127.0.0.1 -p "$UNBOUND_PORT" -d "$OUT/$zone-$kind.txt" -l "$DURATION" -c 1 -q "$CONCURRENCY" -e -D >"$OUT/unbound-$zone-$kind-warm.txt" 2>&1
  fi
  c2="$(cpu_ticks "$UNBOUND_PID")"; s2="$(context_switches "$UNBOUND_PID")"
  stop_unbound
  for phase in $PHASES; do
    f="$OUT/unbound-$zone-$kind-$phase.txt"
    done_="$(perf_field "$f" 'Queries completed:')"; qps="$(perf_field "$f" 'Queries per second:')"
    noerror="$(sed -n 's/.*NOERROR \([0-9]*\).*/\1/p' "$f" | head -n 1)"
    if [ "$phase" = cold ]; then ticks=$((c1 - c0)); switches=$((s1 - s0)); else ticks=$((c2 - c1)); switches=$((s2 - s1)); fi
    us="$(awk -v t="$ticks" -v k="$TICK" -v n="$done_" 'BEGIN { printf "%.1f", t * 1e6 / k / n }')"
    ROWS+=("$zone|$kind|$phase|$round|Unbound|$done_|NOERROR $noerror|$qps|$(awk -v t="$ticks" -v k="$TICK" 'BEGIN { printf "%.2f", t / k }')|$us||$(awk -v s="$switches" -v n="$done_" 'BEGIN { printf "%.2f", s / n }')")
    [ -z "${PROFILE:-}" ] || [ "$phase" != cold ] || profile_categories Unbound "$zone" "$kind" "$OUT/perf-unbound-$zone-$kind.data" "$us"
  done
}
run_ours() {
  local zone="$1" kind="$2" round="$3" mode="$4" f phase cold_only who menv base
  who="$(ours_name "$mode")"; read -r -a menv <<<"$(mode_env "$mode")"
  base="$OUT/ours-$mode-$zone-$kind"
  echo "==> $who: $zone $kind (round $round of $ROUNDS)" >&2
  cold_only=""; [ "$WARM" = 1 ] || cold_only=1
  if [ -n "${PROFILE:-}" ]; then
    # Only the cold phase is recorded: perf attaches once the warm-up is reported, and the process ends after the cold phase.
    env "${menv[@]}" DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 VALIDATOR_COLD_ONLY=1 "${BENCH[@]}" validator-load "127.0.0.1:$NSD_PORT" "$OUT/anchors.txt" "$OUT/warmup-$zone.txt" "$OUT/$zone-$kind.txt" "$CONCURRENCY" "$DURATION" \
      >"$base.txt" 2>"$base.err" &
    local bench_pid=$!
    until grep -q "^warm-up:" "$base.err" 2>/dev/null; do kill -0 "$bench_pid" 2>/dev/null || break; sleep 0.02; done
    perf record -q -F "$PERF_FREQUENCY" -g -p "$bench_pid" -o "$OUT/perf-ours-$mode-$zone-$kind.data" >/dev/null 2>&1 || true
    wait "$bench_pid"
  else
    env "${menv[@]}" VALIDATOR_COLD_ONLY="$cold_only" "${BENCH[@]}" validator-load "127.0.0.1:$NSD_PORT" "$OUT/anchors.txt" "$OUT/warmup-$zone.txt" "$OUT/$zone-$kind.txt" "$CONCURRENCY" "$DURATION" \
      >"$base.txt" 2>"$base.err"
  fi
  for phase in $PHASES; do
    grep "phase=$phase " "$base.txt" >"$base-$phase.txt"
    f="$base-$phase.txt"
    ROWS+=("$zone|$kind|$phase|$round|$who|$(get "$f" answers)|Secure $(get "$f" secure)|$(get "$f" answers_per_second)|$(get "$f" cpu_seconds)|$(get "$f" cpu_us_per_answer)|$(get "$f" allocated_bytes_per_answer)|$(get "$f" switches_per_answer)")
    [ -z "${PROFILE:-}" ] || [ "$phase" != cold ] || profile_categories "$who" "$zone" "$kind" "$OUT/perf-ours-$mode-$zone-$kind.data" "$(get "$f" cpu_us_per_answer)"
  done
}

# profile_categories WHO ZONE KIND PERF_DATA CPU_US_PER_ANSWER: the recorded cold phase sorted into kinds of work (PROFILES).
profile_categories() {
  perf script -i "$4" -F comm,tid,time,ip,sym,dso 2>/dev/null >"$4.txt"
  while read -r line; do
    f="$(mktemp)"; echo "$line" >"$f"
    PROFILES+=("$2|$3|$(get "$f" category | tr '_' ' ')|$1|$(get "$f" us_per_answer)")
    rm -f "$f"
  done < <(python3 "$ROOT/benchmarks/perf-categories.py" "$4.txt" "$5")
  rm -f "$4.txt"
}

LOAD_BEFORE="$(load_average)"
ROWS=()
[ -z "${COLD_CHAIN_ONLY:-}" ] || { ZONES=""; names=0; }
for zone in $ZONES; do
  for kind in $KINDS; do
    if [ "$kind" = names ]; then
      awk -v n="$WARMUP" -v z="$zone.bench." 'BEGIN { for (i = 0; i < n; i++) printf "h%d.%s A\n", i, z }' >"$OUT/warmup-$zone.txt"
      awk -v a="$WARMUP" -v n="$HOSTS" -v z="$zone.bench." 'BEGIN { for (i = a; i < n; i++) printf "h%d.%s A\n", i, z }' >"$OUT/$zone-$kind.txt"
    else
      awk -v n="$WARMUP" -v z="$zone.bench." 'BEGIN { for (i = 0; i < n; i++) printf "h%d.%s A\n", i, z }' >"$OUT/warmup-$zone.txt"
      awk -v n="$((HOSTS - WARMUP))" -v z="$zone.bench." 'BEGIN { for (i = 0; i < n; i++) printf "n%d.wild.%s A\n", i, z }' >"$OUT/$zone-$kind.txt"
    fi
    names="$(wc -l <"$OUT/$zone-$kind.txt")"

    for round in $(seq 1 "$ROUNDS"); do
      # Alternate which runs first (and the order of our modes), so that a drift in the machine's speed favours none.
      if [ $((round % 2)) = 1 ]; then
        run_unbound "$zone" "$kind" "$round"
        for mode in $OURS_MODES; do run_ours "$zone" "$kind" "$round" "$mode"; done
      else
        for mode in $(tr ' ' '\n' <<<"$OURS_MODES" | grep . | tac); do run_ours "$zone" "$kind" "$round" "$mode"; done
        run_unbound "$zone" "$kind" "$round"
      fi
    done
  done
done

# The floor under the cold phase: the same names asked with the bare socket API, as many in flight (udp-floor-load).
FLOORS=()
for zone in $ZONES; do
  [ -f "$OUT/$zone-names.txt" ] || continue
  echo "==> udp floor: $zone" >&2
  "${BENCH[@]}" udp-floor-load "127.0.0.1:$NSD_PORT" "$OUT/$zone-names.txt" "$CONCURRENCY" >"$OUT/floor-$zone.txt"
  FLOORS+=("$zone|$(get "$OUT/floor-$zone.txt" exchanges)|$(get "$OUT/floor-$zone.txt" cpu_us_per_exchange)")
done

if [ -n "${STAGES:-}" ]; then
  # Per-stage cost of an uncached answer (ValidatorStages): one operation at a time, STAGES_COUNT names per stage.
  for zone in $ZONES; do
    awk -v a="$WARMUP" -v n="$HOSTS" -v z="$zone.bench." 'BEGIN { for (i = a; i < n; i++) printf "h%d.%s A\n", i, z }' >"$OUT/stages-$zone.txt"
    echo "==> stages: $zone" >&2
    "${BENCH[@]}" validator-stages "127.0.0.1:$NSD_PORT" "$OUT/anchors.txt" "$OUT/stages-$zone.txt" "${STAGES_COUNT:-1500}" >"$OUT/stages-$zone.out"
  done
fi

echo "==> cold chain" >&2
for mode in $OURS_MODES; do
  read -r -a menv <<<"$(mode_env "$mode")"
  for zone in ecdsa rsa; do
    env "${menv[@]}" "${BENCH[@]}" cold-chain "127.0.0.1:$NSD_PORT" "$OUT/anchors.txt" "_443._tcp.www.$zone.bench." TLSA "$ITERATIONS" >"$OUT/cold-chain-$mode-$zone.txt"
  done
done
LOAD_AFTER="$(load_average)"

echo "### CPU per validated answer ($names names per run, $CONCURRENCY in flight)"
echo
echo "| zone | names | phase | round | validator | answers | verdicts | answers/s | CPU s | CPU µs/answer | ours/Unbound | bytes allocated/answer | context switches/answer |"
echo "| --- | --- | --- | ---: | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
declare -A UNB
for row in "${ROWS[@]}"; do IFS='|' read -r z k p r who n v q c u a x <<<"$row"; [ "$who" = Unbound ] && UNB["$z|$k|$p|$r"]="$u"; done
SUMMARY=()
for row in "${ROWS[@]}"; do
  IFS='|' read -r z k p r who n v q c u a x <<<"$row"
  ratio=""
  if [ "$who" != Unbound ]; then
    ratio="$(awk -v a="$u" -v b="${UNB["$z|$k|$p|$r"]}" 'BEGIN { if (b > 0) printf "%.2f", a / b }')"
    SUMMARY+=("$z|$k|$p|$who|${UNB["$z|$k|$p|$r"]}|$u|$ratio")
  fi
  echo "| $z.bench. | $k | $p | $r | $who | $n | $v | $q | $c | $u | $ratio | $a | $x |"
done
if [ "$ROUNDS" -gt 1 ]; then
  # median LIST: the median of whitespace-separated numbers.
  median() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) printf "%.2f", v[(NR + 1) / 2]; else printf "%.2f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
  echo
  echo "Summary over $ROUNDS interleaved rounds (medians; the ratio is the median of the per-round ratios, with their range):"
  echo
  echo "| zone | names | phase | ours | Unbound µs/answer | ours µs/answer | ours/Unbound (median) | ours/Unbound (min–max) |"
  echo "| --- | --- | --- | --- | ---: | ---: | ---: | --- |"
  declare -A SEEN
  for s in "${SUMMARY[@]}"; do
    IFS='|' read -r z k p who _ _ _ <<<"$s"
    [ -z "${SEEN["$z|$k|$p|$who"]:-}" ] || continue
    SEEN["$z|$k|$p|$who"]=1
    unb=""; ours=""; ratios=""
    for t in "${SUMMARY[@]}"; do
      IFS='|' read -r z2 k2 p2 who2 ub us rt <<<"$t"
      [ "$z2|$k2|$p2|$who2" = "$z|$k|$p|$who" ] || continue
      unb+=" $ub"; ours+=" $us"; ratios+=" $rt"
    done
    range="$(tr ' ' '\n' <<<"$ratios" | grep . | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.2f–%.2f", lo, hi }')"
    echo "| $z.bench. | $k | $p | $who | $(median "$unb") | $(median "$ours") | **$(median "$ratios")** | $range |"
  done
fi
if [ "${#PROFILES[@]}" -gt 0 ]; then
  echo
  echo "Where the CPU time of the cold phase goes (perf record -g at $PERF_FREQUENCY Hz; each kind's share of the samples × the run's CPU µs/answer):"
  for zk in $(printf '%s\n' "${PROFILES[@]}" | cut -d'|' -f1,2 | sort -u); do
    echo
    # One column per validator (Unbound, then each mode of ours), one row per kind of work.
    declare -A PV=() SEENC=() SEENW=()
    cats=(); whos=()
    for row in "${PROFILES[@]}"; do
      IFS='|' read -r z k c who u <<<"$row"
      [ "$z|$k" = "$zk" ] || continue
      [ -n "${SEENC["$c"]:-}" ] || { SEENC["$c"]=1; cats+=("$c"); }
      [ -n "${SEENW["$who"]:-}" ] || { SEENW["$who"]=1; whos+=("$who"); }
      PV["$c|$who"]="$u"
    done
    header="| ${zk%%|*}.bench. ${zk#*|}: kind of work |"; rule="| --- |"
    for who in "${whos[@]}"; do header+=" $who µs/answer |"; rule+=" ---: |"; done
    echo "$header"; echo "$rule"
    for c in "${cats[@]}"; do
      line="| $c |"
      for who in "${whos[@]}"; do line+=" ${PV["$c|$who"]:-0.0} |"; done
      echo "$line"
    done
    unset PV SEENC SEENW
  done
fi
if [ "${#FLOORS[@]}" -gt 0 ]; then
  echo
  echo "Floor: the runtime's bare UDP exchange (fresh connected socket, send, receive; nothing of ours), same names, $CONCURRENCY in flight:"
  echo
  echo "| zone | exchanges | CPU µs/exchange |"
  echo "| --- | ---: | ---: |"
  for row in "${FLOORS[@]}"; do IFS='|' read -r z n u <<<"$row"; echo "| $z.bench. | $n | $u |"; done
fi
echo
echo "### Cold chain, fresh resolver per lookup ($ITERATIONS lookups)"
echo
echo "| TLSA name | ours | imported keys | chain queries | queries | secure | p50 ms | mean ms | min ms | p90 ms | CPU ms/lookup |"
echo "| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for zone in ecdsa rsa; do
  for mode in $OURS_MODES; do
    while read -r line; do
      f="$(mktemp)"; echo "$line" >"$f"
      echo "| _443._tcp.www.$zone.bench. | $mode | $(get "$f" phase) | $(get "$f" mode) | $(get "$f" queries_per_lookup) | $(get "$f" secure)/$(get "$f" lookups) | $(get "$f" p50_ms) | $(get "$f" mean_ms) | $(get "$f" min_ms) | $(get "$f" p90_ms) | $(get "$f" cpu_ms) |"
      rm -f "$f"
    done <"$OUT/cold-chain-$mode-$zone.txt"
  done
done
if [ -n "${STAGES:-}" ]; then
  echo
  echo "### Stages of an uncached answer, one at a time (${STAGES_COUNT:-1500} names per stage)"
  echo
  echo "| zone | stage | operations | CPU µs/op | bytes allocated/op |"
  echo "| --- | --- | ---: | ---: | ---: |"
  for zone in $ZONES; do
    while read -r line; do
      f="$(mktemp)"; echo "$line" >"$f"
      echo "| $zone.bench. | $(get "$f" stage) | $(get "$f" operations) | $(get "$f" cpu_us_per_op) | $(get "$f" bytes_per_op) |"
      rm -f "$f"
    done <"$OUT/stages-$zone.out"
  done
fi
echo
echo "Dns.Secure with DOTNET_TieredCompilation=$DOTNET_TieredCompilation."
echo "Unbound $("$UNBOUND" -V | awk 'NR == 1 {print $2}'), NSD $("$NSD" -v 2>&1 | awk 'NR == 1 {print $3}'), dnsperf $(dpkg-query -W -f='${Version}' dnsperf 2>/dev/null), nproc $(nproc); load average before: $LOAD_BEFORE, after: $LOAD_AFTER"
