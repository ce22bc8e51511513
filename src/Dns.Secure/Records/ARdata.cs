using System.Net;
using System.Net.Sockets;
using System.Text;
using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>A: an IPv4 address (RFC 1035 §3.4.1).</summary>
public sealed class ARdata : Rdata
{
    /// <summary>Creates A data.</summary>
    /// <exception cref="ArgumentException">The address is not IPv4.</exception>
    public ARdata(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException("An A record holds an IPv4 address.", nameof(address));
        }

        Address = address;
    }

    /// <inheritdoc/>
    public override RecordType Type => RecordType.A;

    /// <summary>The address.</summary>
    public IPAddress Address { get; }

    internal static ARdata Read(ref DnsWireReader reader, int length)
    {
        if (length != 4)
        {
            throw DnsWireReader.Error("A RDATA must be 4 octets", reader.Position);
        }

        return new ARdata(new IPAddress(reader.ReadBytes(4)));
    }

    internal static ARdata Parse(RdataTextReader reader)
    {
        ZoneToken t = reader.ReadToken();
        return TryParseAddress(t.Text, out IPAddress? a)
            ? new ARdata(a)
            : throw reader.Error($"'{t.Text}' is not an IPv4 address", t);
    }

    /// <summary>Parses dotted-decimal IPv4 (RFC 1035 §3.4.1): four decimal numbers 0-255 without leading zeros, as
    /// BIND's inet_pton; not the octal, hex or short forms that <see cref="IPAddress.TryParse(string, out IPAddress)"/> accepts.</summary>
    internal static bool TryParseAddress(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IPAddress? address)
    {
        address = null;
        string[] parts = text.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        Span<byte> b = stackalloc byte[4];
        for (int i = 0; i < 4; i++)
        {
            string part = parts[i];
            if (part.Length is 0 or > 3 || (part.Length > 1 && part[0] == '0')
                || !byte.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out b[i]))
            {
                return false;
            }
        }

        address = new IPAddress(b);
        return true;
    }

    internal override void WriteData(ref DnsWireWriter writer, RdataEncoding encoding)
    {
        Span<byte> b = stackalloc byte[4];
        Address.TryWriteBytes(b, out _);
        writer.WriteBytes(b);
    }

    internal override void WriteText(StringBuilder builder) => builder.Append(Address);
}
