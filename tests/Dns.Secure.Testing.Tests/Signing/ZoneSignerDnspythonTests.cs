using DnsSecure.Records;
using DnsSecure.Testing.Signing;
using DnsSecure.Text;

namespace DnsSecure.Testing.Tests.Signing;

/// <summary>dnspython's zone-signing expectation (tests/TestData/dnspython/zone-signing-nsec-chain.zone): the NSEC chain
/// and the set of signed RRsets for a zone with a secure delegation, glue and an occluded delegation below the cut.</summary>
public sealed class ZoneSignerDnspythonTests
{
    private static readonly string s_file = Path.Combine(AppContext.BaseDirectory, "TestData", "dnspython", "zone-signing-nsec-chain.zone");
    private static readonly DomainName s_origin = DomainName.Parse("example.");

    [Fact]
    public void Sign_DnspythonZone_GivesTheExpectedNsecChain()
    {
        SignedZone zone = SignInput();
        var expected = ExpectedRecords().Where(r => r.Type == RecordType.NSEC).Select(WithKeySetAtApex).ToList();

        var actual = zone.Records.Where(r => r.Type == RecordType.NSEC).ToList();

        Assert.Equal(expected.Select(r => r.ToString()), actual.Select(r => r.ToString()));
    }

    [Fact]
    public void Sign_DnspythonZone_SignsExactlyTheExpectedRRsets()
    {
        SignedZone zone = SignInput();
        string[] lines = File.ReadAllLines(s_file);
        int start = Array.FindIndex(lines, l => l.StartsWith(";; EXPECTED signed RRsets", StringComparison.Ordinal));
        var expected = lines.Skip(start + 1).Where(l => l.StartsWith(";;   ", StringComparison.Ordinal))
            .Select(l => l[5..].Trim()).Order(StringComparer.Ordinal).ToList();

        var actual = zone.Records.Where(r => r.Data is RrsigRdata)
            .Select(r => $"{r.Name} {((RrsigRdata)r.Data).TypeCovered.ToText()}").Distinct().Order(StringComparer.Ordinal).ToList();

        Assert.Equal(expected, actual);
    }

    private static SignedZone SignInput()
    {
        // The input zone is in the file's ";   " comment lines.
        string input = string.Join('\n', File.ReadLines(s_file).Where(l => l.StartsWith(";   ", StringComparison.Ordinal)).Select(l => l[4..]));
        return new ZoneSigner().Sign(s_origin, input);
    }

    private static IEnumerable<ResourceRecord> ExpectedRecords() =>
        ZoneFileReader.ReadFile(s_file, new ZoneFileReaderOptions { Origin = s_origin });

    // dnspython builds the chain before adding its keys; our signer adds the DNSKEY RRset first, so the apex NSEC lists it.
    private static ResourceRecord WithKeySetAtApex(ResourceRecord record)
    {
        if (record.Name != s_origin)
        {
            return record;
        }

        var nsec = (NsecRdata)record.Data;
        return record with { Data = new NsecRdata(nsec.NextDomainName, new TypeBitmap([.. nsec.Types, RecordType.DNSKEY])) };
    }
}
