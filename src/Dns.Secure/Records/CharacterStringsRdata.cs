using System.Collections.Immutable;
using System.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>
/// The RDATA shape TXT (RFC 1035 §3.3.14) and SPF (RFC 7208 §3.1) share: one or more character-strings, each at most 255 octets.
/// Zero strings is malformed, as BIND treats it; <c>""</c> is one empty string.
/// </summary>
public abstract class CharacterStringsRdata : Rdata
{
    private protected CharacterStringsRdata(ImmutableArray<ReadOnlyMemory<byte>> strings) => Strings = strings;

    /// <summary>The character-strings, in order; each at most 255 octets.</summary>
    public ImmutableArray<ReadOnlyMemory<byte>> Strings { get; }

    /// <summary>The strings concatenated and decoded as UTF-8 (how SPF, DKIM and most TXT consumers read them).</summary>
    public string JoinedText => CharacterStrings.Join(Strings);

    internal override void WriteData(ref DnsWireWriter writer, RdataEncoding encoding) => CharacterStrings.Write(ref writer, Strings);

    internal override void WriteText(StringBuilder builder) => CharacterStrings.AppendText(builder, Strings);
}
