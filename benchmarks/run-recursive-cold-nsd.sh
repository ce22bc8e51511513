#!/usr/bin/env bash
# A cold validated lookup of _443._tcp.www.example.tld. TLSA from a private root: Dns.Secure's recursive mode
# (IterativeDataSource + ValidatingResolver, new and empty per run) against Unbound (validator iterator, restarted per
# run so its cache is empty), on the hierarchy of tests/Interop.Tests/Recursive/RecursiveHierarchy.cs: ten zones
# signed by dnssec-signzone, each served by its own NSD on its own 127.x address, port 53 (needs root).
# Prints a Markdown table (medians: queries sent to authoritative servers, CPU ms, latency ms) and the machine load.
#
#   bash benchmarks/run-recursive-cold-nsd.sh          RUNS=10 (cold lookups per resolver)
#
# Needs the .NET 10 SDK and the Debian packages nsd, unbound, bind9-utils.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

RUNS="${RUNS:-10}"
find_tool nsd nsd >/dev/null; find_tool unbound unbound >/dev/null; find_tool dnssec-signzone bind9-utils >/dev/null

echo "load before: $(uptime)"
DANE_BENCH_RECURSIVE=1 DANE_BENCH_RUNS="$RUNS" dotnet test "$ROOT/tests/Interop.Tests" -c Release \
  --filter "FullyQualifiedName~RecursiveColdLookupBenchmark" --logger "console;verbosity=detailed" \
  | sed -n 's/^ *\(|.*|\) *$/\1/p'
echo "load after: $(uptime)"
