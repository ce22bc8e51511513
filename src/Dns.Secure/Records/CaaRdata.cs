using System.Text;
using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>CAA: a certification authority authorization property (RFC 8659 §4.1).</summary>
public sealed class CaaRdata : Rdata
{
    /// <summary>The issuer-critical flag bit (RFC 8659 §4.1).</summary>
    public const byte IssuerCriticalFlag = 0x80;

    /// <summary>Creates CAA data.</summary>
    /// <exception cref="ArgumentException">The tag is empty, longer than 255 octets or not letters and digits.</exception>
    public CaaRdata(byte flags, string tag, ReadOnlyMemory<byte> value)
    {
        ArgumentNullException.ThrowIfNull(tag);
        if (!IsValidTag(tag))
        {
            throw new ArgumentException("A CAA tag is 1 to 255 ASCII letters and digits (RFC 8659 §4.1).", nameof(tag));
        }

        Flags = flags;
        Tag = tag;
        Value = value.ToArray();
    }

    /// <summary>Creates CAA data with a text value, encoded as UTF-8.</summary>
    /// <exception cref="ArgumentException">The tag is empty, longer than 255 octets or not letters and digits.</exception>
    public CaaRdata(byte flags, string tag, string value)
        : this(flags, tag, Encoding.UTF8.GetBytes(value ?? throw new ArgumentNullException(nameof(value))))
    {
    }

    /// <inheritdoc/>
    public override RecordType Type => RecordType.CAA;

    /// <summary>The flags octet; bit 0 (<see cref="IssuerCriticalFlag"/>) is Issuer Critical.</summary>
    public byte Flags { get; }

    /// <summary>True when the Issuer Critical flag is set.</summary>
    public bool IsIssuerCritical => (Flags & IssuerCriticalFlag) != 0;

    /// <summary>The property tag (<c>issue</c>, <c>issuewild</c>, <c>iodef</c>…); compared case-insensitively by CAs.</summary>
    public string Tag { get; }

    /// <summary>The property value: the rest of the RDATA.</summary>
    public ReadOnlyMemory<byte> Value { get; }

    internal static CaaRdata Read(ref DnsWireReader reader, int length)
    {
        byte flags = reader.ReadByte();
        int position = reader.Position;
        ReadOnlySpan<byte> tag = reader.ReadCharacterString();
        string tagText = Encoding.ASCII.GetString(tag);
        if (tag.Length == 0 || !IsValidTag(tag))
        {
            throw DnsWireReader.Error("CAA tag must be 1 to 255 ASCII letters and digits", position);
        }

        return new CaaRdata(flags, tagText, reader.ReadRemaining().ToArray());
    }

    internal static CaaRdata Parse(RdataTextReader reader)
    {
        byte flags = reader.ReadUInt8();
        ZoneToken tag = reader.ReadToken();
        if (tag.IsQuoted || !IsValidTag(tag.Text))
        {
            throw reader.Error($"'{tag.Text}' is not a CAA tag (1 to 255 letters and digits)", tag);
        }

        return new CaaRdata(flags, tag.Text, reader.ReadOctets());
    }

    internal override void WriteData(ref DnsWireWriter writer, RdataEncoding encoding)
    {
        writer.WriteByte(Flags);
        Span<byte> tag = stackalloc byte[Tag.Length];
        Encoding.ASCII.GetBytes(Tag, tag);
        writer.WriteCharacterString(tag);
        writer.WriteBytes(Value.Span);
    }

    internal override void WriteText(StringBuilder builder)
    {
        builder.Append(Flags).Append(' ').Append(Tag).Append(' ');
        TextFormat.AppendCharacterString(builder, Value.Span);
    }

    // RFC 8659 §4.1: the tag is a non-empty sequence of US-ASCII letters and numbers, at most 255 octets.
    private static bool IsValidTag(ReadOnlySpan<char> tag)
    {
        if (tag.Length is 0 or > DnsLimits.MaxCharacterStringLength)
        {
            return false;
        }

        foreach (char c in tag)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsValidTag(ReadOnlySpan<byte> tag)
    {
        foreach (byte b in tag)
        {
            if (!char.IsAsciiLetterOrDigit((char)b))
            {
                return false;
            }
        }

        return true;
    }
}
