using DnsSecure.Interop.Tests.Support;
using DnsSecure.Testing.Signing;

namespace DnsSecure.Interop.Tests.Differential;

/// <summary>
/// A private DNSSEC hierarchy signed by BIND's dnssec-signzone (one zone, <c>iter.</c>, by our <see cref="ZoneSigner"/>,
/// because dnssec-signzone refuses more than 150 NSEC3 iterations), for the differential tests:
/// <list type="bullet">
/// <item>the root and <c>example.</c> (ECDSA P-256, NSEC) with TLSA, a wildcard, CNAMEs into other zones and children:
/// <c>insecure.</c> (unsigned), <c>bad.</c> (tampered data), <c>expired.</c>, <c>future.</c> (not yet valid),
/// <c>dsmismatch.</c>, <c>nokey.</c> (DNSKEY RRset removed), <c>stripped.</c> (an RRSIG removed) and
/// <c>unsupported.</c> (a DS set with only an unsupported algorithm);</item>
/// <item>one zone per algorithm: <c>alg8.</c>, <c>alg10.</c>, <c>alg13.</c>, <c>alg14.</c>, <c>alg15.</c>, <c>alg16.</c>;</item>
/// <item><c>nsec3.</c> (RSASHA256, NSEC3 with salt, a wildcard), <c>optout.</c> (NSEC3 opt-out with an unsigned child)
/// and <c>iter.</c> (NSEC3 with 200 iterations).</item>
/// </list>
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

    public static string Soa(string origin) =>
        $"$TTL 300\n{origin} IN SOA ns1.{(origin == "." ? "" : origin)} hostmaster.{(origin == "." ? "" : origin)} 1 3600 600 86400 300\n{origin} IN NS ns1.example.\n";

    public static async Task<BindHierarchy> BuildAsync(TempDirectory dir)
    {
        var zones = new List<(string Origin, string File)>();
        var rootDs = new List<string>();
        var exampleDs = new List<string>();

        // Children of example.: one per bogus kind, an unsigned one and one whose DS lists only an unsupported algorithm.
        Task<BindZoneSigner.SignedZone> bad = Child("bad.example.");
        Task<BindZoneSigner.SignedZone> expired = Child("expired.example.", "ECDSAP256SHA256", "-P", "-s", "20200101000000", "-e", "20200201000000");
        Task<BindZoneSigner.SignedZone> future = Child("future.example.", "ECDSAP256SHA256", "-P", "-s", "+8640000", "-e", "+9640000");
        Task<BindZoneSigner.SignedZone> dsMismatch = Child("dsmismatch.example.");
        Task<BindZoneSigner.SignedZone> noKey = Child("nokey.example.", "ECDSAP256SHA256", "-O", "full");
        Task<BindZoneSigner.SignedZone> stripped = Child("stripped.example.", "ECDSAP256SHA256", "-O", "full");
        Task<BindZoneSigner.SignedZone> unsupported = Child("unsupported.example.");

        // One zone per algorithm, NSEC3 zones and the zone from our signer with too many iterations.
        var algorithms = new[] { (8, "RSASHA256"), (10, "RSASHA512"), (13, "ECDSAP256SHA256"), (14, "ECDSAP384SHA384"), (15, "ED25519"), (16, "ED448") };
        var algorithmZones = algorithms.Select(a => BindZoneSigner.SignAsync(dir, $"alg{a.Item1}.",
            Soa($"alg{a.Item1}.") + $"www.alg{a.Item1}. IN A 192.0.2.{a.Item1}\n", a.Item2)).ToList();
        Task<BindZoneSigner.SignedZone> nsec3 = BindZoneSigner.SignAsync(dir, "nsec3.",
            Soa("nsec3.") + "www.nsec3. IN A 192.0.2.100\n*.wild.nsec3. IN A 192.0.2.101\n", "RSASHA256", "-3", "AABBCCDD", "-H", "5");
        // RFC 5155 §6: opt-out leaves the unsigned delegation out of the NSEC3 chain.
        Task<BindZoneSigner.SignedZone> optOut = BindZoneSigner.SignAsync(dir, "optout.",
            Soa("optout.") + "www.optout. IN A 192.0.2.110\nunsigned.optout. IN NS ns1.example.\nother.optout. IN NS ns1.example.\n",
            "ECDSAP256SHA256", "-3", "-", "-A", "-H", "0");
        Task<BindZoneSigner.SignedZone> malformedDs = BindZoneSigner.SignAsync(dir, "child.iter.", Soa("child.iter.") + "www.child.iter. IN A 192.0.2.121\n");

        await Task.WhenAll([bad, expired, future, dsMismatch, noKey, stripped, unsupported, nsec3, optOut, malformedDs, .. algorithmZones]);

        // RFC 6840 §5.2: a DS whose digest is too short for its type (BIND refuses to sign one, so iter. is signed by ours).
        string shortDs = string.Join('\n', (await malformedDs).DsRecords.Select(ShortenDigest));
        SignedZone iter = OurZoneSigner.SignNsec3(dir, "iter.", Soa("iter.") + "www.iter. IN A 192.0.2.120\nchild.iter. IN NS ns1.example.\n" + shortDs + "\n", 200, out string iterFile);
        zones.Add(("child.iter.", (await malformedDs).SignedFile));

        string tampered = (await bad).SignedFile + ".tampered";
        File.WriteAllText(tampered, File.ReadAllText((await bad).SignedFile).Replace("192.0.2.66", "192.0.2.67", StringComparison.Ordinal));
        zones.Add(("bad.example.", tampered));
        exampleDs.AddRange((await bad).DsRecords);
        foreach (var zone in new[] { await expired, await future })
        {
            zones.Add((zone.Origin, zone.SignedFile));
            exampleDs.AddRange(zone.DsRecords);
        }

        // DS mismatch: the parent's digest is off by one hex digit.
        zones.Add(("dsmismatch.example.", (await dsMismatch).SignedFile));
        exampleDs.AddRange((await dsMismatch).DsRecords.Select(d => d[..^1] + (d[^1] == '0' ? '1' : '0')));

        // Missing DNSKEY: the child's DNSKEY RRset and its signatures removed after signing.
        zones.Add(("nokey.example.", Rewrite((await noKey).SignedFile, ".nokey", line => !IsRecord(line, "DNSKEY") && !IsRecord(line, "RRSIG DNSKEY"))));
        exampleDs.AddRange((await noKey).DsRecords);

        // Stripped RRSIG below a signed delegation: the A record stays, its signature goes.
        zones.Add(("stripped.example.", Rewrite((await stripped).SignedFile, ".stripped", line => !(line.StartsWith("www.stripped.example.", StringComparison.Ordinal) && IsRecord(line, "RRSIG A")))));
        exampleDs.AddRange((await stripped).DsRecords);

        // RFC 4035 §5.2, RFC 6840 §5.2: a DS set with only an unknown algorithm (253, PRIVATEDNS) makes the child insecure.
        zones.Add(("unsupported.example.", (await unsupported).SignedFile));
        exampleDs.Add("unsupported.example. 300 IN DS 4242 253 2 " + new string('5', 64));

        string insecure = dir.File("insecure.example.db");
        File.WriteAllText(insecure, Soa("insecure.example.") + "host.insecure.example. IN A 192.0.2.99\n");
        zones.Add(("insecure.example.", insecure));
        string optOutChild = dir.File("unsigned.optout.db");
        File.WriteAllText(optOutChild, Soa("unsigned.optout.") + "host.unsigned.optout. IN A 192.0.2.111\n");
        zones.Add(("unsigned.optout.", optOutChild));

        string exampleText = Soa("example.") + $"""
            ns1.example. IN A 127.0.0.1
            www.example. IN A 192.0.2.80
            _443._tcp.www.example. IN TLSA 3 1 1 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF
            *.wild.example. IN A 192.0.2.90
            alias.example. IN CNAME www.example.
            tosigned.example. IN CNAME www.alg8.
            tounsigned.example. IN CNAME host.insecure.example.
            tobogus.example. IN CNAME www.bad.example.
            {string.Join('\n', new[] { "insecure", "bad", "expired", "future", "dsmismatch", "nokey", "stripped", "unsupported" }.Select(c => $"{c}.example. IN NS ns1.example."))}
            {string.Join('\n', exampleDs)}
            """;
        var example = await BindZoneSigner.SignAsync(dir, "example.", exampleText);
        zones.Add(("example.", example.SignedFile));
        rootDs.AddRange(example.DsRecords);
        foreach (var zone in algorithmZones.Select(t => t.Result).Append(nsec3.Result).Append(optOut.Result))
        {
            zones.Add((zone.Origin, zone.SignedFile));
            rootDs.AddRange(zone.DsRecords);
        }

        zones.Add(("iter.", iterFile));
        rootDs.AddRange(iter.DsRecords.Select(r => r.ToString()));

        string delegations = string.Join('\n', zones.Select(z => z.Origin).Where(o => o.Count(c => c == '.') == 1).Select(o => $"{o} IN NS ns1.example."));
        string rootText = Soa(".") + $"""
            {delegations}
            {string.Join('\n', rootDs)}
            """;
        var root = await BindZoneSigner.SignAsync(dir, ".", rootText);
        zones.Insert(0, (".", root.SignedFile));
        return new BindHierarchy(zones, root.KskDnskey);

        Task<BindZoneSigner.SignedZone> Child(string origin, string algorithm = "ECDSAP256SHA256", params string[] arguments) =>
            BindZoneSigner.SignAsync(dir, origin, Soa(origin) + $"www.{origin} IN A 192.0.2.{(origin.StartsWith("bad.", StringComparison.Ordinal) ? 66 : 77)}\n", algorithm, arguments);
    }

    /// <summary>A DS record with its digest cut to 20 octets while keeping its digest type.</summary>
    private static string ShortenDigest(string ds)
    {
        string[] fields = ds.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        int at = Array.IndexOf(fields, "DS");
        return $"{fields[0]} 300 IN DS {fields[at + 1]} {fields[at + 2]} {fields[at + 3]} {string.Concat(fields.Skip(at + 4))[..40]}";
    }

    private static bool IsRecord(string line, string typeAndMore)
    {
        string[] fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        string[] wanted = typeAndMore.Split(' ');
        int at = Array.IndexOf(fields, "IN");
        return at >= 0 && fields.Length > at + wanted.Length && wanted.Select((w, i) => fields[at + 1 + i] == w).All(x => x);
    }

    private static string Rewrite(string file, string suffix, Func<string, bool> keep)
    {
        string result = file + suffix;
        File.WriteAllLines(result, File.ReadAllLines(file).Where(keep));
        return result;
    }
}
