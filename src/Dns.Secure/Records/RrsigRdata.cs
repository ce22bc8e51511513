using System.Text;
using DnsSecure.Iana;
using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>
/// RRSIG: a signature over one RRset (RFC 4034 §3). Times are 32-bit serial-number times (RFC 4034 §3.1.5, RFC 1982):
/// seconds since 1970 modulo 2^32, printed as <c>YYYYMMDDHHmmSS</c> UTC.
/// </summary>
public sealed class RrsigRdata : Rdata
{
    /// <summary>Creates RRSIG data.</summary>
    public RrsigRdata(
        RecordType typeCovered,
        DnssecAlgorithm algorithm,
        byte labels,
        uint originalTtl,
        uint signatureExpiration,
        uint signatureInception,
        ushort keyTag,
        DomainName signerName,
        ReadOnlyMemory<byte> signature)
        : this(typeCovered, algorithm, labels, originalTtl, signatureExpiration, signatureInception, keyTag, signerName, signature.ToArray())
    {
    }

    // Takes ownership of an exact-size array the caller does not share (the wire reader's fresh copy), so a decoded
    // signature is copied once, not twice, on every validated answer's path.
    private RrsigRdata(
        RecordType typeCovered,
        DnssecAlgorithm algorithm,
        byte labels,
        uint originalTtl,
        uint signatureExpiration,
        uint signatureInception,
        ushort keyTag,
        DomainName signerName,
        byte[] ownedSignature)
    {
        ArgumentNullException.ThrowIfNull(signerName);
        TypeCovered = typeCovered;
        Algorithm = algorithm;
        Labels = labels;
        OriginalTtl = originalTtl;
        SignatureExpiration = signatureExpiration;
        SignatureInception = signatureInception;
        KeyTag = keyTag;
        SignerName = signerName;
        Signature = ownedSignature;
    }

    /// <inheritdoc/>
    public override RecordType Type => RecordType.RRSIG;

    /// <summary>The type of the RRset this signature covers (RFC 4034 §3.1.1).</summary>
    public RecordType TypeCovered { get; }

    /// <summary>The algorithm of the signing key (RFC 4034 §3.1.2).</summary>
    public DnssecAlgorithm Algorithm { get; }

    /// <summary>Labels of the original owner name, not counting the root or a leading <c>*</c> (RFC 4034 §3.1.3);
    /// fewer than the owner has means the RRset was synthesised from a wildcard (RFC 4035 §5.3.2).</summary>
    public byte Labels { get; }

    /// <summary>The TTL of the RRset as the zone holds it (RFC 4034 §3.1.4); the signed data uses it.</summary>
    public uint OriginalTtl { get; }

    /// <summary>End of the validity period, serial-number seconds since 1970 (RFC 4034 §3.1.5).</summary>
    public uint SignatureExpiration { get; }

    /// <summary>Start of the validity period, serial-number seconds since 1970 (RFC 4034 §3.1.5).</summary>
    public uint SignatureInception { get; }

    /// <summary>Key tag of the DNSKEY that made the signature (RFC 4034 §3.1.6).</summary>
    public ushort KeyTag { get; }

    /// <summary>Owner of the signing DNSKEY: the zone (RFC 4034 §3.1.7).</summary>
    public DomainName SignerName { get; }

    /// <summary>The signature octets in the algorithm's format (RFC 4034 §3.1.8).</summary>
    public ReadOnlyMemory<byte> Signature { get; }

    /// <summary>
    /// True when <paramref name="time"/> lies in the validity period, both ends included (RFC 4035 §5.3.1). The
    /// comparison uses serial-number arithmetic (RFC 4034 §3.1.5, RFC 1982), so it works across the 2106 wrap as long as
    /// the period is shorter than 68 years.
    /// </summary>
    public bool IsValidAt(DateTimeOffset time)
    {
        uint now = unchecked((uint)time.ToUnixTimeSeconds());
        // RFC 1982 §3.2: s1 <= s2 when s2 - s1, taken modulo 2^32, is below 2^31.
        return unchecked((int)(now - SignatureInception)) >= 0 && unchecked((int)(SignatureExpiration - now)) >= 0;
    }

    /// <summary>
    /// The RRSIG RDATA without the Signature field and with the signer's name in canonical (lowercase) form:
    /// the first part of the signed data (RFC 4034 §3.1.8.1, §6.2).
    /// </summary>
    public byte[] GetRdataWithoutSignature()
    {
        var writer = new DnsWireWriter(32 + SignerName.WireLength);
        try
        {
            WriteWithoutSignature(ref writer);
            return writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }

    internal static RrsigRdata Read(ref DnsWireReader reader, int length)
    {
        var typeCovered = (RecordType)reader.ReadUInt16();
        var algorithm = (DnssecAlgorithm)reader.ReadByte();
        byte labels = reader.ReadByte();
        uint originalTtl = reader.ReadUInt32();
        uint expiration = reader.ReadUInt32();
        uint inception = reader.ReadUInt32();
        ushort keyTag = reader.ReadUInt16();
        // RFC 4034 §3.1.7: the signer's name is not compressed.
        DomainName signer = reader.ReadName(allowCompression: false);
        if (reader.Remaining == 0)
        {
            throw DnsWireReader.Error("RRSIG has no signature", reader.Position);
        }

        return new RrsigRdata(typeCovered, algorithm, labels, originalTtl, expiration, inception, keyTag, signer, reader.ReadRemaining().ToArray());
    }

    internal static RrsigRdata Parse(RdataTextReader reader)
    {
        RecordType typeCovered = reader.ReadRecordType();
        DnssecAlgorithm algorithm = DnssecFieldText.ReadAlgorithm(reader);
        byte labels = reader.ReadUInt8();
        uint originalTtl = reader.ReadUInt32();
        // RFC 4034 §3.2: expiration comes before inception in the text, as on the wire.
        uint expiration = reader.ReadTimestamp();
        uint inception = reader.ReadTimestamp();
        ushort keyTag = reader.ReadUInt16();
        DomainName signer = reader.ReadName();
        byte[] signature = DnssecFieldText.ReadBase64(reader, "signature");
        return new RrsigRdata(typeCovered, algorithm, labels, originalTtl, expiration, inception, keyTag, signer, signature);
    }

    internal override void WriteData(ref DnsWireWriter writer, RdataEncoding encoding)
    {
        WriteFixedFields(ref writer);
        // RFC 4034 §3.1.7: never compressed; RFC 4034 §6.2 (kept by RFC 6840 §5.1): lowercased in canonical form.
        WriteName(ref writer, SignerName, encoding, compressible: false, lowercaseInCanonical: true);
        writer.WriteBytes(Signature.Span);
    }

    internal override void WriteText(StringBuilder builder)
    {
        builder.Append(TypeCovered.ToText()).Append(' ').Append((byte)Algorithm).Append(' ').Append(Labels).Append(' ')
            .Append(OriginalTtl).Append(' ');
        DnssecFieldText.AppendTimestamp(builder, SignatureExpiration);
        builder.Append(' ');
        DnssecFieldText.AppendTimestamp(builder, SignatureInception);
        builder.Append(' ').Append(KeyTag).Append(' ');
        SignerName.AppendTo(builder);
        DnssecFieldText.AppendBase64(builder, Signature.Span);
    }

    /// <summary>Writes the RDATA up to and including the lowercased signer's name (RFC 4034 §3.1.8.1).</summary>
    internal void WriteWithoutSignature(ref DnsWireWriter writer)
    {
        WriteFixedFields(ref writer);
        writer.WriteName(SignerName, compress: false, lowercase: true);
    }

    private void WriteFixedFields(ref DnsWireWriter writer)
    {
        writer.WriteUInt16((ushort)TypeCovered);
        writer.WriteByte((byte)Algorithm);
        writer.WriteByte(Labels);
        writer.WriteUInt32(OriginalTtl);
        writer.WriteUInt32(SignatureExpiration);
        writer.WriteUInt32(SignatureInception);
        writer.WriteUInt16(KeyTag);
    }
}
