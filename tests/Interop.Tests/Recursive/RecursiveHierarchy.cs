using System.Net;
using DnsSecure.Interop.Tests.Support;

namespace DnsSecure.Interop.Tests.Recursive;

/// <summary>
/// A private DNSSEC hierarchy of real authoritative servers for recursive resolvers: every zone signed by BIND's
/// dnssec-signzone and served by its own NSD on its own loopback address, port 53 (root hints and glue carry no port).
/// Zones: the root (ECDSA, NSEC); <c>tld.</c> (RSASHA256, NSEC3 with salt); under it <c>example.tld.</c> (ECDSA, NSEC:
/// TLSA, wildcard, CNAMEs into other zones, the address of <c>ext.tld.</c>'s name server), <c>other.tld.</c> (Ed25519,
/// NSEC3 without salt), <c>ext.tld.</c> (its only name server is out of bailiwick, in <c>example.tld.</c>, so it needs a
/// separate address lookup), the unsigned <c>insecure.tld.</c>, and four bogus kinds: <c>bad.tld.</c> (tampered
/// RDATA), <c>expired.tld.</c> (expired signatures), <c>wrongds.tld.</c> (DS matching no key) and <c>stripped.tld.</c>
/// (DS in the parent, zone served unsigned).
/// </summary>
public sealed class RecursiveHierarchy : IAsyncDisposable
{
    private readonly List<NsdServer> _servers;
    private readonly TempDirectory _directory;

    private RecursiveHierarchy(TempDirectory directory, List<NsdServer> servers, IPAddress root, string rootKsk, IReadOnlyList<IPAddress> addresses)
    {
        _directory = directory;
        _servers = servers;
        RootServer = root;
        RootKsk = rootKsk;
        Addresses = addresses;
    }

    /// <summary>The root server's address (the root hint).</summary>
    public IPAddress RootServer { get; }

    /// <summary>The root KSK DNSKEY record in presentation format: the trust anchor.</summary>
    public string RootKsk { get; }

    /// <summary>Every server address of the hierarchy (127.a.b.1 …).</summary>
    public IReadOnlyList<IPAddress> Addresses { get; }

    /// <summary>What the servers logged, for failure messages.</summary>
    public string Output => string.Join('\n', _servers.Select(s => $"[{s.Endpoint}] {s.Output}"));

    /// <summary>Signs every zone and starts one NSD per zone on a free block of loopback addresses (port 53).</summary>
    public static async Task<RecursiveHierarchy> StartAsync()
    {
        var dir = new TempDirectory();
        var servers = new List<NsdServer>();
        try
        {
            IReadOnlyList<IPAddress> ip = LoopbackAddressBlock.PickFree(10);
            IPAddress root = ip[0], tld = ip[1], example = ip[2], other = ip[3], insecure = ip[4], bad = ip[5], ext = ip[6], expired = ip[7], wrongDs = ip[8], stripped = ip[9];
            static string Soa(string origin) => $"$TTL 300\n{origin} IN SOA ns.{(origin == "." ? "" : origin)} hostmaster.{(origin == "." ? "" : origin)} 1 3600 600 86400 300\n";
            static string Apex(string origin, IPAddress ns) => Soa(origin) + $"{origin} IN NS ns.{origin}\nns.{origin} IN A {ns}\n";

            // The leaf zones are signed in parallel (key generation dominates), then the TLD and the root.
            string strippedText = Apex("stripped.tld.", stripped) + "www.stripped.tld. IN A 192.0.2.99\n";
            var badTask = BindZoneSigner.SignAsync(dir, "bad.tld.", Apex("bad.tld.", bad) + "www.bad.tld. IN A 192.0.2.66\n");
            var expiredTask = BindZoneSigner.SignAsync(dir, "expired.tld.", Apex("expired.tld.", expired) + "www.expired.tld. IN A 192.0.2.77\n",
                "ECDSAP256SHA256", "-P", "-s", "20200101000000", "-e", "20200201000000");
            var wrongDsTask = BindZoneSigner.SignAsync(dir, "wrongds.tld.", Apex("wrongds.tld.", wrongDs) + "www.wrongds.tld. IN A 192.0.2.88\n");
            var strippedTask = BindZoneSigner.SignAsync(dir, "stripped.tld.", strippedText);
            var extTask = BindZoneSigner.SignAsync(dir, "ext.tld.", Soa("ext.tld.") + "ext.tld. IN NS ns.ext-host.example.tld.\nwww.ext.tld. IN A 192.0.2.44\n");
            var otherTask = BindZoneSigner.SignAsync(dir, "other.tld.", Apex("other.tld.", other) + "www.other.tld. IN A 192.0.2.33\n", "ED25519", "-3", "-");
            var exampleTask = BindZoneSigner.SignAsync(dir, "example.tld.", Apex("example.tld.", example) + $"""
                ns.ext-host.example.tld. IN A {ext}
                www.example.tld. IN A 192.0.2.80
                _443._tcp.www.example.tld. IN TLSA 3 1 1 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF
                *.wild.example.tld. IN A 192.0.2.90
                alias.example.tld. IN CNAME www.other.tld.
                alias-insecure.example.tld. IN CNAME host.insecure.tld.

                """);
            await Task.WhenAll(badTask, expiredTask, wrongDsTask, strippedTask, extTask, otherTask, exampleTask);
            var (badZone, expiredZone, wrongDsZone, strippedZone) = (badTask.Result, expiredTask.Result, wrongDsTask.Result, strippedTask.Result);
            var (extZone, otherZone, exampleZone) = (extTask.Result, otherTask.Result, exampleTask.Result);

            string tampered = badZone.SignedFile + ".tampered";
            await File.WriteAllTextAsync(tampered, (await File.ReadAllTextAsync(badZone.SignedFile)).Replace("192.0.2.66", "192.0.2.67", StringComparison.Ordinal));
            string strippedFile = dir.File("stripped.tld.db");
            await File.WriteAllTextAsync(strippedFile, strippedText);
            string insecureFile = dir.File("insecure.tld.db");
            await File.WriteAllTextAsync(insecureFile, Apex("insecure.tld.", insecure) + "host.insecure.tld. IN A 192.0.2.55\n");
            var zones = new List<(string Origin, string File, IPAddress Server)>
            {
                ("bad.tld.", tampered, bad), ("expired.tld.", expiredZone.SignedFile, expired), ("wrongds.tld.", wrongDsZone.SignedFile, wrongDs),
                ("stripped.tld.", strippedFile, stripped), ("insecure.tld.", insecureFile, insecure), ("ext.tld.", extZone.SignedFile, ext),
                ("other.tld.", otherZone.SignedFile, other), ("example.tld.", exampleZone.SignedFile, example),
            };

            // The DS set of wrongds.tld. carries another zone's digests under its own name: it matches no key there.
            IEnumerable<string> wrongDsRecords = extZone.DsRecords.Select(ds => "wrongds.tld. " + ds.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries)[1]);
            string Delegation(string child, IPAddress ns) => $"{child} IN NS ns.{child}\nns.{child} IN A {ns}\n";
            var tldZone = await BindZoneSigner.SignAsync(dir, "tld.", Apex("tld.", tld)
                + Delegation("example.tld.", example) + Delegation("other.tld.", other) + Delegation("insecure.tld.", insecure)
                + Delegation("bad.tld.", bad) + Delegation("expired.tld.", expired) + Delegation("wrongds.tld.", wrongDs)
                + Delegation("stripped.tld.", stripped) + "ext.tld. IN NS ns.ext-host.example.tld.\n"
                + string.Join('\n', exampleZone.DsRecords.Concat(otherZone.DsRecords).Concat(badZone.DsRecords).Concat(expiredZone.DsRecords)
                    .Concat(extZone.DsRecords).Concat(wrongDsRecords).Concat(strippedZone.DsRecords)) + "\n",
                "RSASHA256", "-3", "AABBCCDD", "-H", "5");
            zones.Add(("tld.", tldZone.SignedFile, tld));
            var rootZone = await BindZoneSigner.SignAsync(dir, ".", Soa(".") + $". IN NS ns.\nns. IN A {root}\n" + Delegation("tld.", tld)
                + string.Join('\n', tldZone.DsRecords) + "\n");
            zones.Add((".", rootZone.SignedFile, root));

            var starts = zones.Select(zone => NsdServer.StartAsync([(zone.Origin, zone.File)], zone.Server, port: 53)).ToList();
            try
            {
                await Task.WhenAll(starts);
            }
            finally
            {
                servers.AddRange(starts.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result));
            }

            return new RecursiveHierarchy(dir, servers, root, rootZone.KskDnskey, ip);
        }
        catch
        {
            foreach (NsdServer server in servers)
            {
                await server.DisposeAsync();
            }

            dir.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (NsdServer server in _servers)
        {
            await server.DisposeAsync();
        }

        _directory.Dispose();
    }
}
