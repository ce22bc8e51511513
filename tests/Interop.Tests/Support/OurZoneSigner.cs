using DnsSecure.Testing.Signing;
using DaneTesting;

namespace DnsSecure.Interop.Tests.Support;

/// <summary>Signs the zones of the differential hierarchies that BIND's dnssec-signzone refuses (more than 150 NSEC3
/// iterations) with our <see cref="ZoneSigner"/>, and writes them as zone files for the authoritative server.</summary>
internal static class OurZoneSigner
{
    /// <summary>Signs <paramref name="zoneText"/> with NSEC3 (salt <c>ABCD</c>, <paramref name="iterations"/> iterations), writes
    /// it to <paramref name="file"/> in <paramref name="dir"/> and disposes of the keys (the signed zone keeps their records).</summary>
    public static SignedZone SignNsec3(TempDirectory dir, string origin, string zoneText, ushort iterations, out string file)
    {
        var signer = new ZoneSigner(new ZoneSigningOptions { Denial = DenialOfExistence.Nsec3, Nsec3Iterations = iterations, Nsec3Salt = new byte[] { 0xAB, 0xCD } });
        SignedZone zone = signer.Sign(DomainName.Parse(origin), zoneText);
        file = dir.File(origin.TrimEnd('.') + ".oursigner.db");
        File.WriteAllText(file, zone.ToZoneText());
        foreach (SigningKey key in zone.Keys)
        {
            key.Dispose();
        }

        return zone;
    }
}
