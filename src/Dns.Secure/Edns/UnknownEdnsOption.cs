using DnsSecure.Wire;

namespace DnsSecure.Edns;

/// <summary>An EDNS option kept as opaque octets.</summary>
public sealed class UnknownEdnsOption : EdnsOption
{
    private readonly EdnsOptionCode _code;

    /// <summary>Creates an opaque option.</summary>
    public UnknownEdnsOption(EdnsOptionCode code, ReadOnlyMemory<byte> data)
    {
        _code = code;
        Data = data.ToArray();
    }

    /// <inheritdoc/>
    public override EdnsOptionCode Code => _code;

    /// <summary>The option data.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{(ushort)Code}: {Convert.ToHexString(Data.Span)}";

    internal override void WriteData(ref DnsWireWriter writer) => writer.WriteBytes(Data.Span);
}
