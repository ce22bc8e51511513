using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DnsSecure.Wire;

namespace DnsSecure.Edns;

/// <summary>
/// The Client Subnet option (RFC 7871 §6): the network of the original client, as a family, a source prefix length, a
/// scope prefix length and the address truncated to the source prefix. Bits beyond the prefix are zero.
/// </summary>
public sealed class ClientSubnetOption : EdnsOption
{
    /// <summary>FAMILY value for IPv4 (IANA Address Family Numbers).</summary>
    public const ushort FamilyIPv4 = 1;

    /// <summary>FAMILY value for IPv6 (IANA Address Family Numbers).</summary>
    public const ushort FamilyIPv6 = 2;

    /// <summary>Creates the option; <paramref name="address"/> is truncated to <paramref name="sourcePrefixLength"/> bits.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A prefix length exceeds the address length.</exception>
    public ClientSubnetOption(IPAddress address, byte sourcePrefixLength, byte scopePrefixLength = 0)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        Family = address.AddressFamily switch
        {
            AddressFamily.InterNetwork => FamilyIPv4,
            AddressFamily.InterNetworkV6 => FamilyIPv6,
            _ => throw new ArgumentException("Only IPv4 and IPv6 addresses are supported.", nameof(address)),
        };
        int maxBits = MaxPrefix(Family);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sourcePrefixLength, maxBits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(scopePrefixLength, maxBits);
        SourcePrefixLength = sourcePrefixLength;
        ScopePrefixLength = scopePrefixLength;
        Span<byte> bytes = stackalloc byte[maxBits / 8];
        address.TryWriteBytes(bytes, out _);
        Truncate(bytes, sourcePrefixLength);
        Address = new IPAddress(bytes);
    }

    private ClientSubnetOption(ushort family, byte source, byte scope, IPAddress address)
    {
        Family = family;
        SourcePrefixLength = source;
        ScopePrefixLength = scope;
        Address = address;
    }

    /// <inheritdoc/>
    public override EdnsOptionCode Code => EdnsOptionCode.ClientSubnet;

    /// <summary>FAMILY: 1 (IPv4) or 2 (IPv6).</summary>
    public ushort Family { get; }

    /// <summary>SOURCE PREFIX-LENGTH: the leftmost bits of the address that are significant.</summary>
    public byte SourcePrefixLength { get; }

    /// <summary>SCOPE PREFIX-LENGTH: in a response, the bits the answer covers; 0 in queries.</summary>
    public byte ScopePrefixLength { get; }

    /// <summary>The address with every bit beyond <see cref="SourcePrefixLength"/> zero.</summary>
    public IPAddress Address { get; }

    /// <summary>dig-like text: <c>CLIENT-SUBNET: 192.0.2.0/24/0</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"CLIENT-SUBNET: {Address}/{SourcePrefixLength}/{ScopePrefixLength}");

    internal static ClientSubnetOption Read(ref DnsWireReader reader, int length)
    {
        int at = reader.Position;
        ushort family = reader.ReadUInt16();
        byte source = reader.ReadByte();
        byte scope = reader.ReadByte();

        // RFC 7871 §6 and §7.1.2: an unknown family, a prefix longer than the address, an ADDRESS of other than
        // ceil(SOURCE PREFIX-LENGTH / 8) octets, or non-zero bits beyond the prefix are FORMERR.
        if (family is not FamilyIPv4 and not FamilyIPv6)
        {
            throw DnsWireReader.Error($"CLIENT-SUBNET family {family} (1 or 2)", at);
        }

        int maxBits = MaxPrefix(family);
        if (source > maxBits || scope > maxBits)
        {
            throw DnsWireReader.Error($"CLIENT-SUBNET prefix longer than {maxBits} bits", at);
        }

        int octets = (source + 7) / 8;
        if (reader.Remaining != octets)
        {
            throw DnsWireReader.Error($"CLIENT-SUBNET address of {reader.Remaining} octets for a /{source} prefix ({octets} expected)", at);
        }

        Span<byte> bytes = stackalloc byte[maxBits / 8];
        bytes.Clear();
        reader.ReadBytes(octets).CopyTo(bytes);
        if (source % 8 != 0 && (bytes[octets - 1] & (0xFF >> (source % 8))) != 0)
        {
            throw DnsWireReader.Error("CLIENT-SUBNET address has bits set beyond the source prefix", at);
        }

        return new ClientSubnetOption(family, source, scope, new IPAddress(bytes));
    }

    internal override void WriteData(ref DnsWireWriter writer)
    {
        writer.WriteUInt16(Family);
        writer.WriteByte(SourcePrefixLength);
        writer.WriteByte(ScopePrefixLength);
        Span<byte> bytes = stackalloc byte[16];
        Address.TryWriteBytes(bytes, out _);

        // RFC 7871 §6: ADDRESS is truncated to ceil(SOURCE PREFIX-LENGTH / 8) octets.
        writer.WriteBytes(bytes[..((SourcePrefixLength + 7) / 8)]);
    }

    private static int MaxPrefix(ushort family) => family == FamilyIPv4 ? 32 : 128;

    private static void Truncate(Span<byte> bytes, int prefix)
    {
        for (int i = 0; i < bytes.Length; i++)
        {
            int bitsHere = Math.Clamp(prefix - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - bitsHere));
        }
    }
}
