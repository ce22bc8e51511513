using System.Text;
using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>NAPTR: a naming authority pointer, one rule of a DDDS application (RFC 3403 §4).</summary>
public sealed class NaptrRdata : Rdata
{
    /// <summary>Creates NAPTR data.</summary>
    /// <exception cref="ArgumentException">A character-string is longer than 255 octets.</exception>
    public NaptrRdata(ushort order, ushort preference, ReadOnlyMemory<byte> flags, ReadOnlyMemory<byte> services, ReadOnlyMemory<byte> regexp, DomainName replacement)
    {
        ArgumentNullException.ThrowIfNull(replacement);
        CheckLength(flags, nameof(flags));
        CheckLength(services, nameof(services));
        CheckLength(regexp, nameof(regexp));
        Order = order;
        Preference = preference;
        Flags = flags.ToArray();
        Services = services.ToArray();
        Regexp = regexp.ToArray();
        Replacement = replacement;
    }

    /// <inheritdoc/>
    public override RecordType Type => RecordType.NAPTR;

    /// <summary>ORDER: rules are processed in increasing order.</summary>
    public ushort Order { get; }

    /// <summary>PREFERENCE: order among rules of equal ORDER.</summary>
    public ushort Preference { get; }

    /// <summary>FLAGS: a character-string of application flags.</summary>
    public ReadOnlyMemory<byte> Flags { get; }

    /// <summary>SERVICES: a character-string naming the service parameters.</summary>
    public ReadOnlyMemory<byte> Services { get; }

    /// <summary>REGEXP: a character-string holding a substitution expression.</summary>
    public ReadOnlyMemory<byte> Regexp { get; }

    /// <summary>REPLACEMENT: the next name to query; the root when REGEXP is used instead.</summary>
    public DomainName Replacement { get; }

    // RFC 3597 §4: receivers should decompress NAPTR names.
    internal static NaptrRdata Read(ref DnsWireReader reader, int length) =>
        new(reader.ReadUInt16(), reader.ReadUInt16(), reader.ReadCharacterString().ToArray(), reader.ReadCharacterString().ToArray(),
            reader.ReadCharacterString().ToArray(), reader.ReadName());

    internal static NaptrRdata Parse(RdataTextReader reader) =>
        new(reader.ReadUInt16(), reader.ReadUInt16(), reader.ReadCharacterString(), reader.ReadCharacterString(), reader.ReadCharacterString(), reader.ReadName());

    // RFC 3403 §4.1 and RFC 3597 §4: the replacement is never compressed; RFC 4034 §6.2: lowercased in canonical form.
    internal override void WriteData(ref DnsWireWriter writer, RdataEncoding encoding)
    {
        writer.WriteUInt16(Order);
        writer.WriteUInt16(Preference);
        writer.WriteCharacterString(Flags.Span);
        writer.WriteCharacterString(Services.Span);
        writer.WriteCharacterString(Regexp.Span);
        WriteName(ref writer, Replacement, encoding, compressible: false, lowercaseInCanonical: true);
    }

    internal override void WriteText(StringBuilder builder)
    {
        builder.Append(Order).Append(' ').Append(Preference).Append(' ');
        TextFormat.AppendCharacterString(builder, Flags.Span);
        builder.Append(' ');
        TextFormat.AppendCharacterString(builder, Services.Span);
        builder.Append(' ');
        TextFormat.AppendCharacterString(builder, Regexp.Span);
        builder.Append(' ');
        Replacement.AppendTo(builder);
    }

    private static void CheckLength(ReadOnlyMemory<byte> value, string name)
    {
        // RFC 1035 §3.3: a character-string holds at most 255 octets.
        if (value.Length > DnsLimits.MaxCharacterStringLength)
        {
            throw new ArgumentException("A character-string holds at most 255 octets.", name);
        }
    }
}
