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
        return IPAddress.TryParse(t.Text, out IPAddress? a) && a.AddressFamily == AddressFamily.InterNetwork && t.Text.Count(c => c == '.') == 3
            ? new ARdata(a)
            : throw reader.Error($"'{t.Text}' is not an IPv4 address", t);
    }

    internal override void WriteData(ref DnsWireWriter writer, RdataEncoding encoding)
    {
        Span<byte> b = stackalloc byte[4];
        Address.TryWriteBytes(b, out _);
        writer.WriteBytes(b);
    }

    internal override void WriteText(StringBuilder builder) => builder.Append(Address);
}
