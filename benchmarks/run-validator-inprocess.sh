#!/usr/bin/env bash
# The validator's in-process goals (issue 5): (b) cached validated lookups — rate on one thread and per-lookup p50 from
# `cached-load`, bytes allocated per hit from BenchmarkDotNet; (c) the cold chain for a TLSA name against the in-process
# authoritative server; (d) an RRSIG checked through the validator's RrsetVerifier against the raw .NET primitive on the
# same signing input, keys cached. Raw outputs go to $OUT; BenchmarkDotNet's tables are printed as it writes them.
#
#   bash benchmarks/run-validator-inprocess.sh          # BDN_JOB=short for a quicker, rougher run; SECONDS_PER_PHASE=5
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
OUT="${BENCH_OUT:-$ROOT/artifacts/benchmarks/validator-inprocess}"
JOB="${BDN_JOB:-default}"
mkdir -p "$OUT"
[ -n "${NO_BUILD:-}" ] || dotnet build "$ROOT/benchmarks/Dns.Secure.Benchmarks" -c Release -nologo -v q >&2
BIN="$ROOT/benchmarks/Dns.Secure.Benchmarks/bin/Release/net10.0"
echo "load average before: $(load_average), nproc $(nproc)"
echo "==> cached-load (goal b)"
(cd "$BIN" && dotnet Dns.Secure.Benchmarks.dll cached-load "${SECONDS_PER_PHASE:-5}") | tee "$OUT/cached-load.txt"
echo "==> BenchmarkDotNet: ValidatingResolverBenchmarks (goals b, c) and SignatureVerificationBenchmarks (goal d)"
(cd "$BIN" && dotnet Dns.Secure.Benchmarks.dll --filter '*ValidatingResolverBenchmarks*' '*SignatureVerificationBenchmarks.RawPrimitiveRrset*' \
  '*SignatureVerificationBenchmarks.ThroughValidator*' --inProcess --job "$JOB" --exporters markdown --artifacts "$OUT/bdn") | tee "$OUT/bdn.txt" \
  | sed -n '/^| *Method/,/^$/p'
echo "load average after: $(load_average)"
