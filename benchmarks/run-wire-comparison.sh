#!/usr/bin/env bash
# Side-by-side wire-format benchmark: Dns.Secure (BenchmarkDotNet) against miekg/dns (Go testing.Benchmark),
# decoding and encoding the same captured messages (tests/TestData/captures). Prints a Markdown table.
#
#   bash benchmarks/run-wire-comparison.sh                 BenchmarkDotNet's default job (about 4 minutes)
#   BDN_JOB=short bash benchmarks/run-wire-comparison.sh   quicker, less precise
#
# Needs the .NET 10 SDK, golang-go and golang-github-miekg-dns-dev (Debian 12 packages; GOPATH mode, offline).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${BENCH_OUT:-$ROOT/artifacts/benchmarks}"
CAPTURES="$ROOT/tests/TestData/captures"
mkdir -p "$OUT"

for pkg in golang-go golang-github-miekg-dns-dev; do
  if [ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null)" != "install ok installed" ]; then
    echo "missing Debian package $pkg (apt-get install -y $pkg, or bash scripts/test.sh --deps-only)" >&2
    exit 1
  fi
done

echo "==> miekg/dns (Go $(go version | awk '{print $3}'), miekg/dns $(dpkg-query -W -f='${Version}' golang-github-miekg-dns-dev))" >&2
# Debian installs Go libraries as GOPATH sources under /usr/share/gocode: build in GOPATH mode, no module download.
GO111MODULE=off GOPATH=/usr/share/gocode GOFLAGS= go build -o "$OUT/miekg-bench" "$ROOT/benchmarks/miekg/main.go"
"$OUT/miekg-bench" "$CAPTURES" >"$OUT/miekg.tsv"

echo "==> Dns.Secure (BenchmarkDotNet, job ${BDN_JOB:-default})" >&2
dotnet build "$ROOT/benchmarks/Dns.Secure.Benchmarks" -c Release -nologo -v q >&2
rm -rf "$OUT/bdn"
(
  cd "$ROOT/benchmarks/Dns.Secure.Benchmarks"
  dotnet run -c Release --no-build -- --filter '*WireFormatBenchmarks*' --inProcess --exporters json \
    --job "${BDN_JOB:-default}" --artifacts "$OUT/bdn" >"$OUT/bdn.log" 2>&1
) || { tail -n 40 "$OUT/bdn.log" >&2; exit 1; }

python3 - "$OUT" "$CAPTURES" <<'PY'
import glob, json, os, sys

out, captures = sys.argv[1], sys.argv[2]
report = json.load(open(glob.glob(os.path.join(out, "bdn", "results", "*-report-full-compressed.json"))[0]))
ours = {}
for b in report["Benchmarks"]:
    capture = b["Parameters"].split("=", 1)[1]
    ours[(capture, b["Method"].lower())] = (b["Statistics"]["Mean"], b["Memory"]["BytesAllocatedPerOperation"])
theirs = {}
for line in open(os.path.join(out, "miekg.tsv")):
    name, op, ns, by, allocs = line.split("\t")
    theirs[(name, op)] = (float(ns), int(by), int(allocs))

print("| message | octets | operation | Dns.Secure ns/op | Dns.Secure B/op | miekg/dns ns/op | miekg/dns B/op | miekg/dns allocs/op | time ratio (ours/miekg) |")
print("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
for name in ["a-answer", "tlsa-signed", "dnskey-two-rrsigs", "nxdomain-nsec3"]:
    size = os.path.getsize(os.path.join(captures, name + ".bin"))
    for op in ["decode", "encode"]:
        o = ours.get((name, op))
        t = theirs.get((name, op))
        if o is None or t is None:
            continue
        print(f"| {name} | {size} | {op} | {o[0]:,.0f} | {o[1]:,} | {t[0]:,.0f} | {t[1]:,} | {t[2]} | {o[0] / t[0]:.2f} |")
env = report["HostEnvironmentInfo"]
print()
print(f"BenchmarkDotNet {env['BenchmarkDotNetVersion']}, {env['RuntimeVersion']}, {env['ProcessorName']}, "
      f"{env['LogicalCoreCount']} logical cores")
PY
