using System.Collections.Immutable;
using System.Text;
using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>
/// The "one or more &lt;character-string&gt;s" RDATA shape of TXT and SPF (RFC 1035 §3.3.14, RFC 7208 §3).
/// As BIND does, zero strings is malformed both on the wire and in text; one empty string (<c>""</c>) is valid.
/// </summary>
internal static class CharacterStrings
{
    public static ImmutableArray<ReadOnlyMemory<byte>> Create(IEnumerable<ReadOnlyMemory<byte>> strings, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(strings, parameterName);
        var builder = ImmutableArray.CreateBuilder<ReadOnlyMemory<byte>>();
        foreach (ReadOnlyMemory<byte> s in strings)
        {
            // RFC 1035 §3.3: a character-string holds at most 255 octets.
            if (s.Length > DnsLimits.MaxCharacterStringLength)
            {
                throw new ArgumentException("A character-string holds at most 255 octets.", parameterName);
            }

            builder.Add(s.ToArray());
        }

        return builder.Count == 0 ? throw new ArgumentException("At least one character-string is needed (RFC 1035 §3.3.14).", parameterName) : builder.ToImmutable();
    }

    public static ImmutableArray<ReadOnlyMemory<byte>> FromText(string[] strings, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(strings, parameterName);
        var list = new List<ReadOnlyMemory<byte>>(strings.Length);
        foreach (string s in strings)
        {
            ArgumentNullException.ThrowIfNull(s, parameterName);
            list.Add(Encoding.UTF8.GetBytes(s));
        }

        return Create(list, parameterName);
    }

    public static ImmutableArray<ReadOnlyMemory<byte>> Read(ref DnsWireReader reader, RecordType type)
    {
        // RFC 1035 §3.3.14: one or more character-strings.
        if (reader.Remaining == 0)
        {
            throw DnsWireReader.Error($"{type.ToText()} RDATA needs at least one character-string", reader.Position);
        }

        var builder = ImmutableArray.CreateBuilder<ReadOnlyMemory<byte>>();
        while (reader.Remaining > 0)
        {
            builder.Add(reader.ReadCharacterString().ToArray());
        }

        return builder.ToImmutable();
    }

    public static ImmutableArray<ReadOnlyMemory<byte>> Parse(RdataTextReader reader)
    {
        var builder = ImmutableArray.CreateBuilder<ReadOnlyMemory<byte>>();
        do
        {
            builder.Add(reader.ReadCharacterString());
        }
        while (!reader.IsAtEnd);
        return builder.ToImmutable();
    }

    public static void Write(ref DnsWireWriter writer, ImmutableArray<ReadOnlyMemory<byte>> strings)
    {
        foreach (ReadOnlyMemory<byte> s in strings)
        {
            writer.WriteCharacterString(s.Span);
        }
    }

    public static void AppendText(StringBuilder builder, ImmutableArray<ReadOnlyMemory<byte>> strings)
    {
        for (int i = 0; i < strings.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(' ');
            }

            TextFormat.AppendCharacterString(builder, strings[i].Span);
        }
    }

    public static string Join(ImmutableArray<ReadOnlyMemory<byte>> strings)
    {
        var all = new List<byte>();
        foreach (ReadOnlyMemory<byte> s in strings)
        {
            all.AddRange(s.Span);
        }

        return Encoding.UTF8.GetString(all.ToArray());
    }
}
