using System.Net;
using System.Text.RegularExpressions;
using DnsSecure.Records;
using DnsSecure.Testing.Server;
using DnsSecure.Text;
using static DnsSecure.Testing.Tests.DnsTestClient;

namespace DnsSecure.Testing.Tests.Interop;

/// <summary>Our server against BIND's dig and delv and NLnet Labs' Unbound, all on loopback.</summary>
public sealed partial class InteropTests
{
    private static readonly TimeSpan s_toolTimeout = TimeSpan.FromSeconds(30);

    public static TheoryData<string, string, bool, bool> DigCases => new()
    {
        { "www.example.", "A", false, false },
        { "www.example.", "A", true, false },
        { "nope.example.", "A", true, false },
        { "www.example.", "TXT", true, false },
        { "chain1.example.", "A", true, false },
        { "host.redirect.example.", "A", true, false },
        { "anything.wild.example.", "A", true, false },
        { "www.insecure.example.", "A", true, false },
        { "www.sub.example.", "A", true, false },
        { "big.example.", "A", true, true },
        { "a.nope.example.net.", "A", true, false },
        { "a.b.wild.example.net.", "A", true, true },
        { "_443._tcp.www.example.", "TLSA", true, false },
        { "example.", "DNSKEY", true, true },
    };

    [Theory]
    [MemberData(nameof(DigCases))]
    public async Task Dig_SameQuestion_GetsTheSameAnswerAsOurClient(string name, string type, bool dnssec, bool tcp)
    {
        string dig = RequiredTool.Find("dig", "bind9-dnsutils");
        await using AuthoritativeServer server = await TestZones.StartAsync(TestZones.Example, TestZones.ExampleNet);
        Assert.True(RecordTypeText.TryParseType(type, out RecordType recordType));
        DnsMessage query = Query(name, recordType, dnssecOk: dnssec, udpPayloadSize: 4096);
        DnsMessage ours = tcp ? await TcpAsync(server.EndPoint, query) : await UdpAsync(server.EndPoint, query);

        List<string> args = ["@" + server.EndPoint.Address, "-p", server.EndPoint.Port.ToString(), "+norecurse", "+bufsize=4096",
            "+noall", "+comments", "+answer", "+authority", "+additional", dnssec ? "+dnssec" : "+nodnssec", tcp ? "+tcp" : "+notcp", name, type];
        (int exit, string output, string error) = await ExternalTool.RunAsync(dig, args, s_toolTimeout);

        Assert.True(exit == 0, $"dig failed: {error}{output}");
        Assert.Equal(ours.ResponseCode.ToString(), StatusOf(output), ignoreCase: true);
        Assert.Equal(ours.AuthoritativeAnswer, FlagsOf(output).Contains("aa", StringComparer.Ordinal));
        AssertSameRecords(ours.Answers, Section(output, "ANSWER"));
        AssertSameRecords(ours.Authorities, Section(output, "AUTHORITY"));
        AssertSameRecords(ours.Additionals, Section(output, "ADDITIONAL"));
    }

    [Fact]
    public async Task Dig_SmallBufferOverUdp_SeesTruncation()
    {
        string dig = RequiredTool.Find("dig", "bind9-dnsutils");
        await using AuthoritativeServer server = await TestZones.StartAsync();

        (int exit, string output, _) = await ExternalTool.RunAsync(dig,
            ["@" + server.EndPoint.Address, "-p", server.EndPoint.Port.ToString(), "+norecurse", "+bufsize=512", "+ignore", "+dnssec", "big.example.", "A"], s_toolTimeout);

        Assert.Equal(0, exit);
        Assert.Contains("tc", FlagsOf(output));
    }

    [Theory]
    [InlineData("www.example.", "A", "example.", "; fully validated")]
    [InlineData("nope.example.", "A", "example.", "; negative response, fully validated")]
    [InlineData("anything.wild.example.", "A", "example.", "; fully validated")]
    [InlineData("www.sub.example.", "A", "example.", "; fully validated")]
    [InlineData("_443._tcp.www.example.", "TLSA", "example.", "; fully validated")]
    [InlineData("www.example.net.", "A", "example.net.", "; fully validated")]
    [InlineData("a.nope.example.net.", "A", "example.net.", "; negative response, fully validated")]
    [InlineData("www.example.net.", "TXT", "example.net.", "; negative response, fully validated")]
    [InlineData("a.b.wild.example.net.", "A", "example.net.", "; fully validated")]
    [InlineData("a.wild.example.net.", "TXT", "example.net.", "; negative response, fully validated")]
    [InlineData("b.ent.example.net.", "A", "example.net.", "; negative response, fully validated")]
    [InlineData("b.ent.example.", "A", "example.", "; negative response, fully validated")]
    [InlineData("www.example.org.", "TXT", "example.org.", "; negative response, fully validated")]
    [InlineData("www.example.org.", "A", "example.org.", "; fully validated")]
    public async Task Delv_BindSignedZone_ValidatesAsSecure(string name, string type, string anchorZone, string expected)
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();

        string output = await DelvAsync(server, name, type, anchorZone);

        Assert.True(output.Contains(expected, StringComparison.Ordinal), output);
    }

    [Fact]
    public async Task Delv_CorruptedSignature_DoesNotValidate()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();
        server.Faults.AddForName(DomainName.Parse("www.example."), Fault.CorruptSignatures);

        string output = await DelvAsync(server, "www.example.", "A", "example.");

        Assert.DoesNotContain("fully validated", output, StringComparison.Ordinal);
        Assert.Contains("resolution failed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unbound_StubToOurServer_ValidatesAnswersAndDenialsAsSecure()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();
        await using UnboundProcess unbound = await UnboundProcess.StartAsync(server.EndPoint,
            [DomainName.Parse("example."), DomainName.Parse("example.net.")], [Ksk(TestZones.Example), Ksk(TestZones.ExampleNet)]);

        DnsMessage www = await RecursiveAsync(unbound, "www.example.", RecordType.A);
        DnsMessage child = await RecursiveAsync(unbound, "www.sub.example.", RecordType.A);
        DnsMessage nxdomain = await RecursiveAsync(unbound, "nope.example.", RecordType.A);
        DnsMessage nsec3NxDomain = await RecursiveAsync(unbound, "a.nope.example.net.", RecordType.A);
        DnsMessage wildcard = await RecursiveAsync(unbound, "x.y.wild.example.net.", RecordType.A);

        Assert.True(www.AuthenticData, "www " + unbound.Log);
        Assert.Equal(IPAddress.Parse("192.0.2.1"), ((ARdata)Assert.Single(www.Answers, r => r.Type == RecordType.A).Data).Address);
        Assert.True(child.AuthenticData, "child " + unbound.Log);
        Assert.Equal(ResponseCode.NXDomain, nxdomain.ResponseCode);
        Assert.True(nxdomain.AuthenticData, "nxdomain " + unbound.Log);
        Assert.Equal(ResponseCode.NXDomain, nsec3NxDomain.ResponseCode);
        Assert.True(nsec3NxDomain.AuthenticData, "nsec3 nxdomain " + unbound.Log);
        Assert.True(wildcard.AuthenticData, "wildcard " + unbound.Log);
    }

    [Fact]
    public async Task Unbound_TamperedData_IsBogus()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();
        server.Faults.AddForName(DomainName.Parse("www.example."), Fault.TamperData());
        await using UnboundProcess unbound = await UnboundProcess.StartAsync(server.EndPoint, [DomainName.Parse("example.")], [Ksk(TestZones.Example)]);

        DnsMessage response = await RecursiveAsync(unbound, "www.example.", RecordType.A);

        Assert.Equal(ResponseCode.ServFail, response.ResponseCode);
    }

    [Fact]
    public async Task Unbound_WrongDsAtParent_IsBogus()
    {
        await using AuthoritativeServer server = await TestZones.StartAsync();
        server.Faults.AddForName(DomainName.Parse("sub.example."), Fault.WrongDs, RecordType.DS);
        await using UnboundProcess unbound = await UnboundProcess.StartAsync(server.EndPoint, [DomainName.Parse("example.")], [Ksk(TestZones.Example)]);

        DnsMessage response = await RecursiveAsync(unbound, "www.sub.example.", RecordType.A);

        Assert.Equal(ResponseCode.ServFail, response.ResponseCode);
    }

    private static async Task<DnsMessage> RecursiveAsync(UnboundProcess unbound, string name, RecordType type)
    {
        DnsMessage query = DnsMessage.CreateQuery((ushort)Random.Shared.Next(ushort.MaxValue), new DnsQuestion(DomainName.Parse(name), type), recursionDesired: true, dnssecOk: true, udpPayloadSize: 4096);
        return await TcpAsync(unbound.EndPoint, query);
    }

    private static async Task<string> DelvAsync(AuthoritativeServer server, string name, string type, string anchorZone)
    {
        string delv = RequiredTool.Find("delv", "bind9-dnsutils");
        AuthoritativeZone zone = anchorZone switch
        {
            "example." => TestZones.Example,
            "example.net." => TestZones.ExampleNet,
            _ => TestZones.ExampleOrg,
        };
        ResourceRecord ksk = Ksk(zone);
        var key = (DnskeyRdata)ksk.Data;
        string anchors = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(anchors,
                $"trust-anchors {{ \"{ksk.Name}\" static-key {key.Flags} {key.Protocol} {(byte)key.Algorithm} \"{Convert.ToBase64String(key.PublicKey.Span)}\"; }};\n");
            (int _, string output, string error) = await ExternalTool.RunAsync(delv,
                ["@" + server.EndPoint.Address, "-p", server.EndPoint.Port.ToString(), "-a", anchors, "+root=" + anchorZone, name, type], s_toolTimeout);
            return output + error;
        }
        finally
        {
            File.Delete(anchors);
        }
    }

    private static ResourceRecord Ksk(AuthoritativeZone zone) =>
        zone.Records.Single(r => r.Name == zone.Origin && r.Data is DnskeyRdata { IsSecureEntryPoint: true });

    private static string StatusOf(string digOutput) => StatusPattern().Match(digOutput) is { Success: true } m ? m.Groups[1].Value : "(none)";

    private static string[] FlagsOf(string digOutput) =>
        FlagsPattern().Match(digOutput) is { Success: true } m ? m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];

    private static List<ResourceRecord> Section(string digOutput, string title)
    {
        string marker = $";; {title} SECTION:";
        int start = digOutput.IndexOf(marker, StringComparison.Ordinal);
        if (start < 0)
        {
            return [];
        }

        start += marker.Length;
        int end = digOutput.IndexOf(";; ", start, StringComparison.Ordinal);
        string text = end < 0 ? digOutput[start..] : digOutput[start..end];
        return new ZoneFileReader(text, new ZoneFileReaderOptions { DefaultTtl = 0 }).ReadRecords().ToList();
    }

    private static void AssertSameRecords(IEnumerable<ResourceRecord> ours, List<ResourceRecord> digs)
    {
        string[] a = ours.Select(r => r.ToString()).Order(StringComparer.Ordinal).ToArray();
        string[] b = digs.Select(r => r.ToString()).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(a, b);
    }

    [GeneratedRegex(@"status: ([A-Z]+)")]
    private static partial Regex StatusPattern();

    [GeneratedRegex(@";; flags: ([a-z ]+);")]
    private static partial Regex FlagsPattern();
}
