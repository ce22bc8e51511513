using BenchmarkDotNet.Attributes;

namespace DnsSecure.Benchmarks;

/// <summary>
/// Decode and encode of real captured responses (tests/TestData/captures): the same files
/// benchmarks/miekg feeds to miekg/dns's <c>Msg.Unpack</c> and <c>Msg.Pack</c>.
/// </summary>
[MemoryDiagnoser]
public class WireFormatBenchmarks
{
    private byte[] _wire = [];
    private DnsMessage _message = null!;

    /// <summary>The capture, by file name without <c>.bin</c>.</summary>
    [Params("a-answer", "tlsa-signed", "dnskey-two-rrsigs", "nxdomain-nsec3")]
    public string Capture { get; set; } = "a-answer";

    [GlobalSetup]
    public void Setup()
    {
        _wire = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "captures", Capture + ".bin"));
        _message = DnsMessage.Decode(_wire);
    }

    [Benchmark]
    public DnsMessage Decode() => DnsMessage.Decode(_wire);

    [Benchmark]
    public byte[] Encode() => _message.Encode();
}
