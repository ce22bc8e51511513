using DnsSecure;
using DnsSecure.Records;
using DnsSecure.Testing.Hierarchy;
using DnsSecure.Testing.Server;
using DnsSecure.Testing.Signing;

namespace Adversarial.Tests.Support;

/// <summary>Re-signs one zone of a running hierarchy with its own keys after changing its data or signing options.</summary>
internal static class ZoneEdits
{
    /// <summary>Re-signs <paramref name="origin"/> with its keys; <paramref name="edit"/> changes the unsigned records, <paramref name="options"/> the signer.</summary>
    public static void Resign(TestHierarchy hierarchy, string origin, Func<List<ResourceRecord>, List<ResourceRecord>>? edit = null, Action<ZoneSigningOptions>? options = null)
    {
        DomainName apex = DomainName.Parse(origin);
        SignedZone zone = hierarchy.SignedZones[apex];
        List<ResourceRecord> records = [.. zone.Records.Where(r => r.Type is not (RecordType.RRSIG or RecordType.NSEC or RecordType.NSEC3 or RecordType.NSEC3PARAM)
            && !(r.Type == RecordType.DNSKEY && r.Name == apex))];
        records = edit?.Invoke(records) ?? records;
        var signing = new ZoneSigningOptions { Algorithm = zone.Keys[0].Algorithm };
        foreach (SigningKey key in zone.Keys)
        {
            signing.Keys.Add(key);
        }

        options?.Invoke(signing);
        SignedZone resigned = new ZoneSigner(signing).Sign(apex, records);
        hierarchy.Server.SetZone(AuthoritativeZone.Create(apex, resigned.Records));
    }
}
