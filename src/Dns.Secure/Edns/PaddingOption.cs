using System.Globalization;
using DnsSecure.Wire;

namespace DnsSecure.Edns;

/// <summary>The Padding option (RFC 7830 §3): filler that hides a message's length. It is written as zeros; received
/// content of any value is accepted and only its length is kept (RFC 7830 §3: "MUST be accepted").</summary>
public sealed class PaddingOption : EdnsOption
{
    /// <summary>Creates padding of <paramref name="length"/> octets.</summary>
    public PaddingOption(ushort length) => Length = length;

    /// <inheritdoc/>
    public override EdnsOptionCode Code => EdnsOptionCode.Padding;

    /// <summary>The number of padding octets.</summary>
    public ushort Length { get; }

    /// <summary>dig-like text: <c>PAD: (n bytes)</c>.</summary>
    public override string ToString() => "PAD: (" + Length.ToString(CultureInfo.InvariantCulture) + " bytes)";

    internal static PaddingOption Read(ref DnsWireReader reader, int length)
    {
        reader.ReadRemaining();
        return new PaddingOption((ushort)length);
    }

    internal override void WriteData(ref DnsWireWriter writer)
    {
        // RFC 7830 §3: the padding octets SHOULD be 0x00.
        Span<byte> zeros = stackalloc byte[64];
        zeros.Clear();
        for (int left = Length; left > 0; left -= zeros.Length)
        {
            writer.WriteBytes(zeros[..Math.Min(left, zeros.Length)]);
        }
    }
}
