// Command miekg benchmarks github.com/miekg/dns (Debian's golang-github-miekg-dns-dev) unpacking and packing the
// same captured messages as benchmarks/Dns.Secure.Benchmarks, for docs/benchmarks.md.
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go run main.go ../../tests/TestData/captures
//
// Each benchmark runs -count times (default 5; testing.Benchmark sizes each run to about one second) and the
// median ns/op is reported. Output: one tab-separated line per message and operation: name, op, median ns/op,
// B/op, allocs/op, min ns/op, max ns/op.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/miekg/dns"
)

// The messages the .NET benchmark uses (tests/TestData/captures/README.md describes them).
var captures = []string{"a-answer", "tlsa-signed", "dnskey-two-rrsigs", "nxdomain-nsec3"}

func main() {
	count := flag.Int("count", 5, "runs of each benchmark; the median is reported")
	flag.Parse()
	dir := "../../tests/TestData/captures"
	if flag.NArg() > 0 {
		dir = flag.Arg(0)
	}
	for _, name := range captures {
		wire, err := os.ReadFile(filepath.Join(dir, name+".bin"))
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		parsed := new(dns.Msg)
		if err := parsed.Unpack(wire); err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
			os.Exit(1)
		}
		// Our encoder always compresses names; ask miekg/dns to do the same.
		parsed.Compress = true

		unpack := repeat(*count, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				m := new(dns.Msg)
				if err := m.Unpack(wire); err != nil {
					b.Fatal(err)
				}
			}
		})
		pack := repeat(*count, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := parsed.Pack(); err != nil {
					b.Fatal(err)
				}
			}
		})
		packed, _ := parsed.Pack()
		report(name, "decode", unpack)
		report(name, "encode", pack)
		fmt.Fprintf(os.Stderr, "%s: %d octets captured, %d octets packed\n", name, len(wire), len(packed))
	}
}

// repeat runs the benchmark n times and returns the results sorted by ns/op.
func repeat(n int, f func(b *testing.B)) []testing.BenchmarkResult {
	results := make([]testing.BenchmarkResult, 0, n)
	for i := 0; i < n; i++ {
		results = append(results, testing.Benchmark(f))
	}
	sort.Slice(results, func(i, j int) bool { return nsPerOp(results[i]) < nsPerOp(results[j]) })
	return results
}

func nsPerOp(r testing.BenchmarkResult) float64 { return float64(r.T.Nanoseconds()) / float64(r.N) }

func report(name, op string, rs []testing.BenchmarkResult) {
	median := rs[len(rs)/2]
	fmt.Printf("%s\t%s\t%.1f\t%d\t%d\t%.1f\t%.1f\n", name, op, nsPerOp(median), median.AllocedBytesPerOp(), median.AllocsPerOp(),
		nsPerOp(rs[0]), nsPerOp(rs[len(rs)-1]))
}
