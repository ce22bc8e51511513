using System.Collections.Immutable;
using DnsSecure.Records;

namespace DnsSecure.Edns;

/// <summary>
/// The EDNS(0) part of a message (RFC 6891): what the OPT pseudo-record carries, as first-class fields.
/// The extended RCODE bits are folded into <see cref="DnsMessage.ResponseCode"/>.
/// </summary>
public sealed record EdnsRecord
{
    /// <summary>The requestor's or responder's UDP payload size (RFC 6891 §6.2.3); values below 512 are treated as 512.</summary>
    public ushort UdpPayloadSize { get; init; } = Wire.DnsLimits.DefaultEdnsPayloadSize;

    /// <summary>EDNS version; only 0 is defined.</summary>
    public byte Version { get; init; }

    /// <summary>The DO bit: DNSSEC records are wanted (RFC 3225).</summary>
    public bool DnssecOk { get; init; }

    /// <summary>The other 15 flag bits (Z), which must be zero when sent and ignored when received.</summary>
    public ushort OtherFlags { get; init; }

    /// <summary>The options, in wire order.</summary>
    public ImmutableArray<EdnsOption> Options { get; init; } = [];

    /// <summary>The first option of type <typeparamref name="T"/>, or null.</summary>
    public T? GetOption<T>() where T : EdnsOption
    {
        foreach (EdnsOption option in Options)
        {
            if (option is T typed)
            {
                return typed;
            }
        }

        return null;
    }

    /// <summary>Equality including options (by content).</summary>
    public bool Equals(EdnsRecord? other) =>
        other is not null && UdpPayloadSize == other.UdpPayloadSize && Version == other.Version && DnssecOk == other.DnssecOk
        && OtherFlags == other.OtherFlags && Options.SequenceEqual(other.Options);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(UdpPayloadSize, Version, DnssecOk, Options.Length);

    internal ResourceRecord ToOptRecord(ResponseCode responseCode)
    {
        uint ttl = ((uint)((ushort)responseCode >> 4) << 24) | ((uint)Version << 16) | (DnssecOk ? 0x8000u : 0) | (OtherFlags & 0x7FFFu);
        return new ResourceRecord(DomainName.Root, (RecordClass)UdpPayloadSize, ttl, new OptRdata(Options));
    }

    internal static EdnsRecord FromOpt(ResourceRecord opt, out byte extendedRcode)
    {
        uint ttl = opt.Ttl;
        extendedRcode = (byte)(ttl >> 24);
        return new EdnsRecord
        {
            UdpPayloadSize = (ushort)opt.Class,
            Version = (byte)(ttl >> 16),
            DnssecOk = (ttl & 0x8000) != 0,
            OtherFlags = (ushort)(ttl & 0x7FFF),
            Options = ((OptRdata)opt.Data).Options,
        };
    }
}
