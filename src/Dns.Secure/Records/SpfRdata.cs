using System.Collections.Immutable;
using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>SPF: a Sender Policy Framework record, shaped like TXT (RFC 7208 §3.1 obsoletes the type, but zones still hold it). Zero strings is malformed, as BIND treats it; <c>""</c> is one empty string.</summary>
public sealed class SpfRdata : CharacterStringsRdata
{
    /// <summary>Creates SPF data from raw character-strings.</summary>
    /// <exception cref="ArgumentException">There are no strings, or one is longer than 255 octets.</exception>
    public SpfRdata(IEnumerable<ReadOnlyMemory<byte>> strings)
        : base(CharacterStrings.Create(strings, nameof(strings)))
    {
    }

    /// <summary>Creates SPF data from text strings, each encoded as UTF-8.</summary>
    /// <exception cref="ArgumentException">There are no strings, or one is longer than 255 octets.</exception>
    public SpfRdata(params string[] strings)
        : base(CharacterStrings.FromText(strings, nameof(strings)))
    {
    }

    private SpfRdata(ImmutableArray<ReadOnlyMemory<byte>> strings)
        : base(strings)
    {
    }

    /// <inheritdoc/>
    public override RecordType Type => RecordType.SPF;

    internal static SpfRdata Read(ref DnsWireReader reader, int length) => new(CharacterStrings.Read(ref reader, RecordType.SPF));

    internal static SpfRdata Parse(RdataTextReader reader) => new(CharacterStrings.Parse(reader));
}
