using System.Collections.Immutable;
using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>TXT: descriptive text, one or more character-strings (RFC 1035 §3.3.14). Zero strings is malformed, as BIND treats it; <c>""</c> is one empty string.</summary>
public sealed class TxtRdata : CharacterStringsRdata
{
    /// <summary>Creates TXT data from raw character-strings.</summary>
    /// <exception cref="ArgumentException">There are no strings, or one is longer than 255 octets.</exception>
    public TxtRdata(IEnumerable<ReadOnlyMemory<byte>> strings)
        : base(CharacterStrings.Create(strings, nameof(strings)))
    {
    }

    /// <summary>Creates TXT data from text strings, each encoded as UTF-8.</summary>
    /// <exception cref="ArgumentException">There are no strings, or one is longer than 255 octets.</exception>
    public TxtRdata(params string[] strings)
        : base(CharacterStrings.FromText(strings, nameof(strings)))
    {
    }

    private TxtRdata(ImmutableArray<ReadOnlyMemory<byte>> strings)
        : base(strings)
    {
    }

    /// <inheritdoc/>
    public override RecordType Type => RecordType.TXT;

    internal static TxtRdata Read(ref DnsWireReader reader, int length) => new(CharacterStrings.Read(ref reader, RecordType.TXT));

    internal static TxtRdata Parse(RdataTextReader reader) => new(CharacterStrings.Parse(reader));
}
