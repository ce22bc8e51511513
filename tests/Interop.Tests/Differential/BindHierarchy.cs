using DnsSecure.Interop.Tests.Support;

namespace DnsSecure.Interop.Tests.Differential;

/// <summary>
/// A private DNSSEC hierarchy signed by BIND's dnssec-signzone: a root; <c>example.</c> (ECDSA P-256, NSEC) with a wildcard,
/// a CNAME, TLSA, an unsigned child (<c>insecure.example.</c>), a tampered child (<c>bad.example.</c>) and an expired child
/// (<c>expired.example.</c>); and <c>nsec3.</c> (RSASHA256, NSEC3 with salt).
/// </summary>
public sealed class BindHierarchy
{
    private BindHierarchy(IReadOnlyList<(string Origin, string File)> zones, string rootKsk)
    {
        Zones = zones;
        RootKsk = rootKsk;
    }

    public IReadOnlyList<(string Origin, string File)> Zones { get; }

    /// <summary>The root KSK DNSKEY record, the trust anchor.</summary>
    public string RootKsk { get; }

    public static async Task<BindHierarchy> BuildAsync(TempDirectory dir)
    {
        static string Soa(string origin) => $"$TTL 300\n{origin} IN SOA ns1.{(origin == "." ? "" : origin)} hostmaster.{(origin == "." ? "" : origin)} 1 3600 600 86400 300\n";
        var bad = await BindZoneSigner.SignAsync(dir, "bad.example.", Soa("bad.example.") + "bad.example. IN NS ns1.example.\nwww.bad.example. IN A 192.0.2.66\n");
        string tampered = bad.SignedFile + ".tampered";
        File.WriteAllText(tampered, File.ReadAllText(bad.SignedFile).Replace("192.0.2.66", "192.0.2.67", StringComparison.Ordinal));
        var expired = await BindZoneSigner.SignAsync(dir, "expired.example.", Soa("expired.example.") + "expired.example. IN NS ns1.example.\nwww.expired.example. IN A 192.0.2.77\n",
            "ECDSAP256SHA256", "-P", "-s", "20200101000000", "-e", "20200201000000");
        string insecure = dir.File("insecure.example.db");
        File.WriteAllText(insecure, Soa("insecure.example.") + "insecure.example. IN NS ns1.example.\nhost.insecure.example. IN A 192.0.2.99\n");
        string exampleText = Soa("example.") + $"""
            example. IN NS ns1.example.
            ns1.example. IN A 127.0.0.1
            www.example. IN A 192.0.2.80
            _443._tcp.www.example. IN TLSA 3 1 1 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF
            *.wild.example. IN A 192.0.2.90
            alias.example. IN CNAME www.example.
            insecure.example. IN NS ns1.example.
            bad.example. IN NS ns1.example.
            expired.example. IN NS ns1.example.
            {string.Join('\n', bad.DsRecords)}
            {string.Join('\n', expired.DsRecords)}
            """;
        var example = await BindZoneSigner.SignAsync(dir, "example.", exampleText);
        var test = await BindZoneSigner.SignAsync(dir, "nsec3.", Soa("nsec3.") + "nsec3. IN NS ns1.example.\nwww.nsec3. IN A 192.0.2.100\n", "RSASHA256", "-3", "AABBCCDD", "-H", "5");
        string rootText = Soa(".") + $"""
            . IN NS ns1.
            ns1. IN A 127.0.0.1
            example. IN NS ns1.example.
            nsec3. IN NS ns1.example.
            {string.Join('\n', example.DsRecords)}
            {string.Join('\n', test.DsRecords)}
            """;
        var root = await BindZoneSigner.SignAsync(dir, ".", rootText);
        return new BindHierarchy(
            [(".", root.SignedFile), ("example.", example.SignedFile), ("nsec3.", test.SignedFile), ("bad.example.", tampered),
             ("expired.example.", expired.SignedFile), ("insecure.example.", insecure)],
            root.KskDnskey);
    }
}
