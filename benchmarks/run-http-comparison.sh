#!/usr/bin/env bash
# Dane.Http against a plain SocketsHttpHandler, side by side, to the same Kestrel HTTPS server on 127.0.0.1:
# BenchmarkDotNet (time and bytes per operation, ratios per category), then CPU time per operation. Prints `uptime`
# before and after each part, since numbers from a loaded machine are not worth much.
#
#   bash benchmarks/run-http-comparison.sh
#   ROUNDS=5 CONNECTIONS=400 (CPU part: alternating rounds; new connections per round and variant; pooled = 5×)
#
# Needs only the .NET 10 SDK: the DNS tree (Dns.Secure.Testing) and the server (Kestrel) run in the process.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${BENCH_OUT:-$ROOT/artifacts/benchmarks/http}"
ROUNDS="${ROUNDS:-5}"
CONNECTIONS="${CONNECTIONS:-400}"
mkdir -p "$OUT"

dotnet build -c Release "$ROOT/benchmarks/Dane.Http.Benchmarks" -nologo -v q
BIN="$ROOT/benchmarks/Dane.Http.Benchmarks/bin/Release/net10.0/Dane.Http.Benchmarks.dll"

echo "uptime before: $(uptime)"
(cd "$OUT" && dotnet "$BIN" --filter '*HttpConnectionBenchmarks*' --exporters markdown json)
echo "uptime after BenchmarkDotNet: $(uptime)"
cat "$OUT"/BenchmarkDotNet.Artifacts/results/*HttpConnectionBenchmarks-report-github.md
dotnet "$BIN" cpu "$ROUNDS" "$CONNECTIONS"
echo "uptime after CPU run: $(uptime)"
