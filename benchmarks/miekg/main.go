// Command miekg benchmarks github.com/miekg/dns (Debian's golang-github-miekg-dns-dev) unpacking and packing the
// same captured messages as benchmarks/Dns.Secure.Benchmarks, for docs/benchmarks.md.
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go run main.go ../../tests/TestData/captures
//
// Output: one tab-separated line per message and operation: name, op, ns/op, B/op, allocs/op.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/miekg/dns"
)

// The messages the .NET benchmark uses (tests/TestData/captures/README.md describes them).
var captures = []string{"a-answer", "tlsa-signed", "dnskey-two-rrsigs", "nxdomain-nsec3"}

func main() {
	dir := "../../tests/TestData/captures"
	if len(os.Args) > 1 {
		dir = os.Args[1]
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

		unpack := testing.Benchmark(func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				m := new(dns.Msg)
				if err := m.Unpack(wire); err != nil {
					b.Fatal(err)
				}
			}
		})
		pack := testing.Benchmark(func(b *testing.B) {
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

func report(name, op string, r testing.BenchmarkResult) {
	fmt.Printf("%s\t%s\t%.1f\t%d\t%d\n", name, op, float64(r.T.Nanoseconds())/float64(r.N), r.AllocedBytesPerOp(), r.AllocsPerOp())
}
