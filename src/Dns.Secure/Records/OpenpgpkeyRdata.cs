using System.Text;
using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>OPENPGPKEY: an OpenPGP transferable public key (RFC 7929 §2).</summary>
public sealed class OpenpgpkeyRdata : Rdata
{
    /// <summary>Creates OPENPGPKEY data.</summary>
    public OpenpgpkeyRdata(ReadOnlyMemory<byte> publicKey) => PublicKey = publicKey.ToArray();

    /// <inheritdoc/>
    public override RecordType Type => RecordType.OPENPGPKEY;

    /// <summary>The OpenPGP Transferable Public Key (RFC 4880 §11.1), without ASCII armor.</summary>
    public ReadOnlyMemory<byte> PublicKey { get; }

    internal static OpenpgpkeyRdata Read(ref DnsWireReader reader, int length) => new(reader.ReadRemaining().ToArray());

    // RFC 7929 §2.3: the key in base64, possibly split by white space.
    internal static OpenpgpkeyRdata Parse(RdataTextReader reader) => new(reader.ReadBase64ToEnd());

    internal override void WriteData(ref DnsWireWriter writer, RdataEncoding encoding) => writer.WriteBytes(PublicKey.Span);

    internal override void WriteText(StringBuilder builder) => TextFormat.AppendBase64(builder, PublicKey.Span);
}
