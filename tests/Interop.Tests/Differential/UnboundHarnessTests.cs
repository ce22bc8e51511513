using DnsSecure.Interop.Tests.Support;

namespace DnsSecure.Interop.Tests.Differential;

/// <summary>The reference side of the differential tests: BIND-signed zones served by NSD, validated by Unbound.</summary>
public class UnboundHarnessTests
{
    private const string ExampleZone = """
        $TTL 300
        example. IN SOA ns1.example. hostmaster.example. 1 3600 600 86400 300
        example. IN NS ns1.example.
        ns1.example. IN A 127.0.0.1
        www.example. IN A 192.0.2.80
        _443._tcp.www.example. IN TLSA 3 1 1 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF
        """;

    [Fact]
    public async Task BindSignedHierarchy_ServedByNsd_UnboundSaysSecure_AndTamperedSaysServfail()
    {
        using var dir = new TempDirectory();
        var example = await BindZoneSigner.SignAsync(dir, "example.", ExampleZone);
        string rootText = $"""
            $TTL 300
            . IN SOA a.root. hostmaster.root. 1 3600 600 86400 300
            . IN NS a.root.
            a.root. IN A 127.0.0.1
            example. IN NS ns1.example.
            ns1.example. IN A 127.0.0.1
            {string.Join('\n', example.DsRecords)}
            """;
        var root = await BindZoneSigner.SignAsync(dir, ".", rootText);

        // Tamper with one signed record after signing: a clean "bogus: signature" case.
        string tampered = dir.File("example.tampered");
        File.WriteAllText(tampered, File.ReadAllText(example.SignedFile).Replace("192.0.2.80", "192.0.2.81", StringComparison.Ordinal));

        await using var nsd = await NsdServer.StartAsync([(".", root.SignedFile), ("example.", example.SignedFile)]);
        await using var unbound = await UnboundServer.StartAsync(nsd.Endpoint, [root.KskDnskey]);
        DnsMessage good = await LoopbackDnsClient.QueryAsync(unbound.Endpoint, "_443._tcp.www.example.", RecordType.TLSA);
        Assert.True(good.ResponseCode == ResponseCode.NoError && good.AuthenticData, unbound.Output + good);

        await using var nsdBad = await NsdServer.StartAsync([(".", root.SignedFile), ("example.", tampered)]);
        await using var unboundBad = await UnboundServer.StartAsync(nsdBad.Endpoint, [root.KskDnskey]);
        DnsMessage bad = await LoopbackDnsClient.QueryAsync(unboundBad.Endpoint, "www.example.", RecordType.A);
        Assert.Equal(ResponseCode.ServFail, bad.ResponseCode);
    }
}
