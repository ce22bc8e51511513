#!/usr/bin/env bash
# A cold recursive lookup from a private root: Dns.Secure's recursive mode next to Unbound (docs/benchmarks.md).
# Needs root (the private tree's servers listen on port 53 of 127.x addresses: Unbound sends to port 53 only) and unbound.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-20}"
command -v unbound >/dev/null || { echo "unbound is missing: apt-get install -y unbound" >&2; exit 1; }
uptime
dotnet run -c Release --project benchmarks/Dns.Secure.Benchmarks -- recursive-cold "$rounds"
