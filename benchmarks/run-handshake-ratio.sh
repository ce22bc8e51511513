#!/usr/bin/env bash
# TLS handshake + DANE vs plain SslStream (issue 8, goal ≤ 1.05×), docs/benchmarks.md "Handshake ratio, wave 5".
#   benchmarks/run-handshake-ratio.sh [handshakes per side] [runs] [before-commit]
# Builds this tree and, with BEFORE-COMMIT, that commit's library with this tree's handshake benchmark files (in a
# temporary directory, removed at exit), then runs `handshake-ratio` RUNS times on each, alternating before/after, and
# `handshake-ratio variants` once on this tree. Prints `uptime` around every run. No servers, loopback only.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
HANDSHAKES="${1:-2000}"
RUNS="${2:-2}"
BEFORE="${3:-}"
BENCH=benchmarks/Dns.Secure.Benchmarks
FILES=(HandshakeRatio.cs HandshakeVariants.cs Stats.cs PrivateSystemTrust.cs DaneHandshakeBenchmarks.cs)

cd "$ROOT"
dotnet build -c Release "$BENCH" 2>&1 | tail -3
if [ -n "$BEFORE" ]; then
  OLD="$(mktemp -d /tmp/handshake-before.XXXXXX)"
  trap 'rm -rf "$OLD"' EXIT
  git archive "$BEFORE" | tar -x -C "$OLD"
  for f in "${FILES[@]}"; do cp "$BENCH/$f" "$OLD/$BENCH/$f"; done
  # The variants' connect-path table calls the internal HappyEyeballsConnector, as this tree's benchmarks may.
  grep -q 'InternalsVisibleTo Include="Dns.Secure.Benchmarks"' "$OLD/src/Dane.Sockets/Dane.Sockets.csproj" ||
    sed -i 's|<InternalsVisibleTo Include="Dane.Http" />|&\n    <InternalsVisibleTo Include="Dns.Secure.Benchmarks" />|' "$OLD/src/Dane.Sockets/Dane.Sockets.csproj"
  dotnet build -c Release "$OLD/$BENCH" 2>&1 | tail -3
fi

run() { # DIR LABEL ARGS...
  local dir="$1" label="$2"
  shift 2
  echo "=== $label: $(date -u +%H:%M:%S) load $(load_average)"
  (cd "$dir" && dotnet run -c Release --no-build --project "$BENCH" -- handshake-ratio "$@")
  echo "=== $label done: $(date -u +%H:%M:%S) load $(load_average)"
}

for i in $(seq 1 "$RUNS"); do
  if [ -n "$BEFORE" ]; then run "$OLD" "before ($BEFORE), run $i" "$HANDSHAKES" 20; fi
  run "$ROOT" "after, run $i" "$HANDSHAKES" 20
done
run "$ROOT" "variants" variants 40 20
