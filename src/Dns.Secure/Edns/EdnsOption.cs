using DnsSecure.Wire;

namespace DnsSecure.Edns;

/// <summary>
/// One EDNS(0) option (RFC 6891 §6.1.2). Typed subclasses exist for the options this library understands;
/// the rest are <see cref="UnknownEdnsOption"/>. Equality is on code and encoded data.
/// </summary>
public abstract class EdnsOption : IEquatable<EdnsOption>
{
    /// <summary>The option code.</summary>
    public abstract EdnsOptionCode Code { get; }

    /// <summary>The encoded option data (without code and length).</summary>
    public byte[] ToData()
    {
        var writer = new DnsWireWriter(32);
        try
        {
            WriteData(ref writer);
            return writer.ToArray();
        }
        finally
        {
            writer.Dispose();
        }
    }

    /// <inheritdoc/>
    public bool Equals(EdnsOption? other) =>
        other is not null && Code == other.Code && ToData().AsSpan().SequenceEqual(other.ToData());

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is EdnsOption o && Equals(o);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hc = new HashCode();
        hc.Add(Code);
        hc.AddBytes(ToData());
        return hc.ToHashCode();
    }

    /// <summary>Writes the option data (without code and length).</summary>
    internal abstract void WriteData(ref DnsWireWriter writer);
}
