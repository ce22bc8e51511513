using DnsSecure;
using DnsSecure.Records;
using DnsSecure.Testing.Hierarchy;
using DnsSecure.Testing.Server;
using DnsSecure.Testing.Signing;

namespace DaneHttp.Tests;

/// <summary>Changes a running <see cref="TestHierarchy"/>: re-signs a zone with its own keys (so the parent's DS still holds) and serves the new version.</summary>
internal static class HierarchyEdits
{
    /// <summary>Replaces the TLSA RRset at <paramref name="owner"/> in <paramref name="zone"/> by <paramref name="tlsa"/>, keeping the records' TTL.</summary>
    public static void ReplaceTlsa(TestHierarchy hierarchy, string zone, string owner, TlsaRdata tlsa)
    {
        var origin = DomainName.Parse(zone);
        var name = DomainName.Parse(owner);
        SignedZone signed = hierarchy.SignedZones[origin];
        uint ttl = signed.Records.First(r => r.Name == name && r.Type == RecordType.TLSA).Ttl;
        var records = signed.Records
            .Where(r => r.Type is not (RecordType.DNSKEY or RecordType.RRSIG or RecordType.NSEC or RecordType.NSEC3 or RecordType.NSEC3PARAM))
            .Where(r => !(r.Name == name && r.Type == RecordType.TLSA))
            .Append(new ResourceRecord(name, ttl, tlsa))
            .ToList();
        var options = new ZoneSigningOptions();
        foreach (SigningKey key in signed.Keys)
        {
            options.Keys.Add(key);
        }

        hierarchy.Server.SetZone(AuthoritativeZone.Create(origin, new ZoneSigner(options).Sign(origin, records).Records));
    }
}
