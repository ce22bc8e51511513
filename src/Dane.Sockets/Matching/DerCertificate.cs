using System.Formats.Asn1;

namespace DaneSockets.Matching;

/// <summary>The few DER facts about certificates and keys the matcher needs, read without re-encoding.</summary>
internal static class DerCertificate
{
    private static readonly Asn1Tag VersionTag = new(TagClass.ContextSpecific, 0, isConstructed: true);

    /// <summary>True when <paramref name="data"/> is exactly one encoded ASN.1 SEQUENCE, nothing before or after.</summary>
    public static bool IsSingleSequence(ReadOnlyMemory<byte> data)
    {
        try
        {
            var reader = new AsnReader(data, AsnEncodingRules.BER);
            if (!reader.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
            {
                return false;
            }

            reader.ReadEncodedValue();
            return !reader.HasData;
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    /// <summary>
    /// Finds the encoded SubjectPublicKeyInfo inside a DER certificate (RFC 5280 §4.1): the seventh TBSCertificate field,
    /// or the sixth when the version field is absent. The returned slice is the exact octets the certificate carries,
    /// which is what selector SPKI(1) hashes (RFC 6698 §2.1.2).
    /// </summary>
    public static bool TryGetSubjectPublicKeyInfo(ReadOnlyMemory<byte> certificate, out ReadOnlyMemory<byte> subjectPublicKeyInfo)
    {
        subjectPublicKeyInfo = default;
        try
        {
            var reader = new AsnReader(certificate, AsnEncodingRules.BER);
            AsnReader outer = reader.ReadSequence();
            AsnReader tbs = outer.ReadSequence();
            if (tbs.PeekTag().HasSameClassAndValue(VersionTag))
            {
                tbs.ReadEncodedValue();
            }

            tbs.ReadEncodedValue(); // serialNumber
            tbs.ReadEncodedValue(); // signature
            tbs.ReadEncodedValue(); // issuer
            tbs.ReadEncodedValue(); // validity
            tbs.ReadEncodedValue(); // subject
            if (!tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
            {
                return false;
            }

            subjectPublicKeyInfo = tbs.ReadEncodedValue();
            return true;
        }
        catch (AsnContentException)
        {
            return false;
        }
    }
}
