using System.Collections.Immutable;
using System.Text;
using DnsSecure.Iana;
using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>The <c>alpn</c> SvcParam: the ALPN protocol identifiers the endpoint supports (RFC 9460 §7.1.1).</summary>
public sealed class AlpnSvcParam : SvcParam
{
    /// <summary>Creates the parameter from protocol identifiers such as <c>h2</c> and <c>h3</c>.</summary>
    /// <exception cref="ArgumentException">The list is empty or an identifier is empty or longer than 255 octets.</exception>
    public AlpnSvcParam(params string[] protocolIds)
    {
        ArgumentNullException.ThrowIfNull(protocolIds);
        var ids = ImmutableArray.CreateBuilder<ReadOnlyMemory<byte>>(protocolIds.Length);
        foreach (string id in protocolIds)
        {
            ArgumentNullException.ThrowIfNull(id, nameof(protocolIds));
            ids.Add(Encoding.UTF8.GetBytes(id));
        }

        ImmutableArray<ReadOnlyMemory<byte>> result = ids.MoveToImmutable();
        ProtocolIds = Check(result) ? result : throw new ArgumentException("ALPN ids are 1 to 255 octets, at least one.", nameof(protocolIds));
    }

    /// <summary>Creates the parameter from raw protocol identifiers.</summary>
    /// <exception cref="ArgumentException">The list is empty or an identifier is empty or longer than 255 octets.</exception>
    public AlpnSvcParam(IEnumerable<ReadOnlyMemory<byte>> protocolIds)
    {
        ArgumentNullException.ThrowIfNull(protocolIds);
        ImmutableArray<ReadOnlyMemory<byte>> ids = [.. protocolIds.Select(p => (ReadOnlyMemory<byte>)p.ToArray())];
        ProtocolIds = Check(ids) ? ids : throw new ArgumentException("ALPN ids are 1 to 255 octets, at least one.", nameof(protocolIds));
    }

    /// <inheritdoc/>
    public override SvcParamKey Key => SvcParamKey.Alpn;

    /// <summary>The protocol identifiers (RFC 7301 §6), in the record's order.</summary>
    public ImmutableArray<ReadOnlyMemory<byte>> ProtocolIds { get; }

    /// <summary>The protocol identifiers as text.</summary>
    public IEnumerable<string> ProtocolNames => ProtocolIds.Select(p => Encoding.UTF8.GetString(p.Span));

    internal static AlpnSvcParam Decode(ReadOnlySpan<byte> value)
    {
        // RFC 9460 §7.1.1: a non-empty sequence of non-empty length-prefixed alpn-ids.
        var reader = new DnsWireReader(value);
        var ids = new List<ReadOnlyMemory<byte>>();
        while (reader.Remaining > 0)
        {
            ids.Add(reader.ReadCharacterString().ToArray());
        }

        return Check([.. ids]) ? new AlpnSvcParam(ids) : throw Malformed("alpn is empty or has an empty alpn-id");
    }

    internal static AlpnSvcParam ParseValue(byte[] value) =>
        new(SplitValueList(value, SvcParamKey.Alpn).Select(item => item.Length <= DnsLimits.MaxCharacterStringLength
            ? (ReadOnlyMemory<byte>)item
            : throw Malformed("an alpn-id is longer than 255 octets")));

    internal override void WriteValue(ref DnsWireWriter writer)
    {
        foreach (ReadOnlyMemory<byte> id in ProtocolIds)
        {
            writer.WriteCharacterString(id.Span);
        }
    }

    internal override void AppendValueText(StringBuilder builder)
    {
        // RFC 9460 Appendix A.1: escape the value-list first, then write it as a character-string.
        var list = new List<byte>();
        for (int i = 0; i < ProtocolIds.Length; i++)
        {
            if (i > 0)
            {
                list.Add((byte)',');
            }

            AppendValueListItem(list, ProtocolIds[i].Span);
        }

        builder.Append('=');
        TextFormat.AppendCharacterString(builder, list.ToArray());
    }

    private static bool Check(ImmutableArray<ReadOnlyMemory<byte>> ids)
    {
        if (ids.IsEmpty)
        {
            return false;
        }

        foreach (ReadOnlyMemory<byte> id in ids)
        {
            if (id.Length is 0 or > DnsLimits.MaxCharacterStringLength)
            {
                return false;
            }
        }

        return true;
    }
}
