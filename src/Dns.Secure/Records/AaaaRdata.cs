using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>AAAA: an IPv6 address (RFC 3596 §2.2). Text is read in any RFC 4291 §2.2 form and written in the
/// RFC 5952 canonical form.</summary>
public sealed class AaaaRdata : Rdata
{
    private const int AddressLength = 16;

    /// <summary>Creates AAAA data.</summary>
    /// <exception cref="ArgumentException">The address is not IPv6 or carries a scope.</exception>
    public AaaaRdata(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != AddressFamily.InterNetworkV6 || address.ScopeId != 0)
        {
            throw new ArgumentException("An AAAA record holds an IPv6 address without a scope.", nameof(address));
        }

        Address = address;
    }

    /// <inheritdoc/>
    public override RecordType Type => RecordType.AAAA;

    /// <summary>The address.</summary>
    public IPAddress Address { get; }

    internal static AaaaRdata Read(ref DnsWireReader reader, int length)
    {
        // RFC 3596 §2.2: exactly 16 octets.
        if (length != AddressLength)
        {
            throw DnsWireReader.Error("AAAA RDATA must be 16 octets", reader.Position);
        }

        return new AaaaRdata(new IPAddress(reader.ReadBytes(AddressLength)));
    }

    internal static AaaaRdata Parse(RdataTextReader reader)
    {
        ZoneToken t = reader.ReadToken();
        return TryParseAddress(t.Text, out IPAddress? address) ? new AaaaRdata(address) : throw reader.Error($"'{t.Text}' is not an IPv6 address", t);
    }

    internal override void WriteData(ref DnsWireWriter writer, RdataEncoding encoding)
    {
        Span<byte> b = stackalloc byte[AddressLength];
        Address.TryWriteBytes(b, out _);
        writer.WriteBytes(b);
    }

    internal override void WriteText(StringBuilder builder) => AppendAddress(builder, Address);

    /// <summary>Parses an IPv6 address in any RFC 4291 §2.2 text form; no zone index, brackets or prefix.</summary>
    internal static bool TryParseAddress(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IPAddress? address)
    {
        address = null;
        if (text.Length == 0 || !text.Contains(':', StringComparison.Ordinal))
        {
            return false;
        }

        foreach (char c in text)
        {
            if (!char.IsAsciiHexDigit(c) && c is not ':' and not '.')
            {
                return false;
            }
        }

        return IPAddress.TryParse(text, out address) && address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId == 0;
    }

    /// <summary>Appends the RFC 5952 §4 form: lowercase hex, no leading zeros, the first longest run of two or more
    /// zero groups as <c>::</c>, and dotted-quad notation for IPv4-mapped addresses (RFC 5952 §5).</summary>
    internal static void AppendAddress(StringBuilder builder, IPAddress address)
    {
        Span<byte> b = stackalloc byte[AddressLength];
        address.TryWriteBytes(b, out _);
        Span<ushort> groups = stackalloc ushort[8];
        for (int i = 0; i < 8; i++)
        {
            groups[i] = BinaryPrimitives.ReadUInt16BigEndian(b[(2 * i)..]);
        }

        // RFC 5952 §5: ::ffff:0:0/96 is written with the IPv4 address in dotted-quad form.
        bool mapped = groups[..5].IndexOfAnyExcept((ushort)0) < 0 && groups[5] == 0xFFFF;
        int hexGroups = mapped ? 6 : 8;

        // RFC 5952 §4.2: shorten the longest run (the first when tied) of at least two zero groups.
        int bestStart = -1, bestLength = 1;
        for (int i = 0; i < hexGroups;)
        {
            if (groups[i] != 0)
            {
                i++;
                continue;
            }

            int start = i;
            while (i < hexGroups && groups[i] == 0)
            {
                i++;
            }

            if (i - start > bestLength)
            {
                bestStart = start;
                bestLength = i - start;
            }
        }

        for (int i = 0; i < hexGroups; i++)
        {
            if (i == bestStart)
            {
                builder.Append("::");
                i += bestLength - 1;
                continue;
            }

            if (i > 0 && i != bestStart + bestLength)
            {
                builder.Append(':');
            }

            // RFC 5952 §4.1 and §4.3: no leading zeros, lowercase.
            builder.Append(groups[i].ToString("x", CultureInfo.InvariantCulture));
        }

        if (mapped)
        {
            if (bestStart + bestLength != hexGroups)
            {
                builder.Append(':');
            }

            builder.Append(b[12]).Append('.').Append(b[13]).Append('.').Append(b[14]).Append('.').Append(b[15]);
        }
    }
}
