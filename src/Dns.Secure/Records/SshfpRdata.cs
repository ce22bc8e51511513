using System.Text;
using DnsSecure.Iana;
using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>SSHFP: an SSH host key fingerprint (RFC 4255 §3.1).</summary>
public sealed class SshfpRdata : Rdata
{
    /// <summary>Creates SSHFP data.</summary>
    public SshfpRdata(SshfpAlgorithm algorithm, SshfpFingerprintType fingerprintType, ReadOnlyMemory<byte> fingerprint)
    {
        Algorithm = algorithm;
        FingerprintType = fingerprintType;
        Fingerprint = fingerprint.ToArray();
    }

    /// <inheritdoc/>
    public override RecordType Type => RecordType.SSHFP;

    /// <summary>The public key algorithm.</summary>
    public SshfpAlgorithm Algorithm { get; }

    /// <summary>The fingerprint (digest) type.</summary>
    public SshfpFingerprintType FingerprintType { get; }

    /// <summary>The fingerprint octets.</summary>
    public ReadOnlyMemory<byte> Fingerprint { get; }

    internal static SshfpRdata Read(ref DnsWireReader reader, int length) =>
        new((SshfpAlgorithm)reader.ReadByte(), (SshfpFingerprintType)reader.ReadByte(), reader.ReadRemaining().ToArray());

    // RFC 4255 §3.2: algorithm, fingerprint type, then the fingerprint in hex.
    internal static SshfpRdata Parse(RdataTextReader reader) =>
        new((SshfpAlgorithm)reader.ReadUInt8(), (SshfpFingerprintType)reader.ReadUInt8(), reader.ReadHexToEnd());

    internal override void WriteData(ref DnsWireWriter writer, RdataEncoding encoding)
    {
        writer.WriteByte((byte)Algorithm);
        writer.WriteByte((byte)FingerprintType);
        writer.WriteBytes(Fingerprint.Span);
    }

    internal override void WriteText(StringBuilder builder)
    {
        builder.Append((byte)Algorithm).Append(' ').Append((byte)FingerprintType).Append(' ');
        TextFormat.AppendHex(builder, Fingerprint.Span);
    }
}
