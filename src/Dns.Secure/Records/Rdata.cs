using System.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>
/// The data of one resource record. Each type is an immutable subclass that owns its wire, canonical and
/// presentation forms; types without one are <see cref="UnknownRdata"/> (RFC 3597).
/// Equality and order are defined once, here, on the canonical wire form (RFC 4034 §6.3).
/// </summary>
public abstract class Rdata : IEquatable<Rdata>, IComparable<Rdata>
{
    private byte[]? _canonical;

    /// <summary>The record type this data belongs to.</summary>
    public abstract RecordType Type { get; }

    /// <summary>The canonical wire form of this RDATA (RFC 4034 §6.2): uncompressed, names lowercased where the RFCs say.</summary>
    public ReadOnlySpan<byte> CanonicalData => _canonical ??= Encode(RdataEncoding.Canonical);

    /// <summary>The uncompressed wire form with case preserved.</summary>
    public byte[] ToWire() => Encode(RdataEncoding.Uncompressed);

    /// <summary>Presentation format of the RDATA fields (what follows the type in a zone file).</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        WriteText(sb);
        return sb.ToString();
    }

    /// <summary>The RFC 3597 generic text form: <c>\# length hex</c>.</summary>
    public string ToGenericText()
    {
        byte[] wire = ToWire();
        return wire.Length == 0 ? "\\# 0" : $"\\# {wire.Length} {Convert.ToHexString(wire)}";
    }

    /// <inheritdoc/>
    public bool Equals(Rdata? other) =>
        other is not null && (ReferenceEquals(this, other) || (Type == other.Type && CanonicalData.SequenceEqual(other.CanonicalData)));

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Rdata other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hc = new HashCode();
        hc.Add(Type);
        hc.AddBytes(CanonicalData);
        return hc.ToHashCode();
    }

    /// <summary>Canonical RR order within an RRset (RFC 4034 §6.3): RDATA as left-justified unsigned octet sequences.</summary>
    public int CompareTo(Rdata? other)
    {
        if (other is null)
        {
            return 1;
        }

        int c = ((ushort)Type).CompareTo((ushort)other.Type);
        return c != 0 ? c : CanonicalData.SequenceCompareTo(other.CanonicalData);
    }

    /// <summary>Equality on canonical form.</summary>
    public static bool operator ==(Rdata? left, Rdata? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Inequality on canonical form.</summary>
    public static bool operator !=(Rdata? left, Rdata? right) => !(left == right);

    /// <summary>Canonical order.</summary>
    public static bool operator <(Rdata left, Rdata right) => left is null ? right is not null : left.CompareTo(right) < 0;

    /// <summary>Canonical order.</summary>
    public static bool operator <=(Rdata left, Rdata right) => left is null || left.CompareTo(right) <= 0;

    /// <summary>Canonical order.</summary>
    public static bool operator >(Rdata left, Rdata right) => left is not null && left.CompareTo(right) > 0;

    /// <summary>Canonical order.</summary>
    public static bool operator >=(Rdata left, Rdata right) => left is null ? right is null : left.CompareTo(right) >= 0;

    /// <summary>Writes the RDATA (without the RDLENGTH prefix).</summary>
    internal abstract void WriteData(ref DnsWireWriter writer, RdataEncoding encoding);

    /// <summary>Appends the presentation form of the RDATA fields.</summary>
    internal abstract void WriteText(StringBuilder builder);

    internal byte[] Encode(RdataEncoding encoding)
    {
        var writer = new DnsWireWriter(64);
        try
        {
            WriteData(ref writer, encoding);
            return writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }

    /// <summary>Writes a name inside RDATA according to the encoding and the type's rules.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="name">The name.</param>
    /// <param name="encoding">Message, uncompressed or canonical.</param>
    /// <param name="compressible">True only for the RFC 1035 types whose names may be compressed (RFC 3597 §4).</param>
    /// <param name="lowercaseInCanonical">True for the types RFC 4034 §6.2 (as amended by RFC 6840 §5.1) lists.</param>
    private protected static void WriteName(ref DnsWireWriter writer, DomainName name, RdataEncoding encoding, bool compressible, bool lowercaseInCanonical)
    {
        switch (encoding)
        {
            case RdataEncoding.Message:
                writer.WriteName(name, compressible);
                break;
            case RdataEncoding.Canonical:
                writer.WriteName(name, compress: false, lowercase: lowercaseInCanonical);
                break;
            default:
                writer.WriteName(name, compress: false);
                break;
        }
    }
}
