using System.Text;
using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>SOA: the start of a zone of authority (RFC 1035 §3.3.13).</summary>
public sealed class SoaRdata : Rdata
{
    /// <summary>Creates SOA data.</summary>
    public SoaRdata(DomainName primaryNameServer, DomainName responsibleMailbox, uint serial, uint refresh, uint retry, uint expire, uint minimum)
    {
        ArgumentNullException.ThrowIfNull(primaryNameServer);
        ArgumentNullException.ThrowIfNull(responsibleMailbox);
        PrimaryNameServer = primaryNameServer;
        ResponsibleMailbox = responsibleMailbox;
        Serial = serial;
        Refresh = refresh;
        Retry = retry;
        Expire = expire;
        Minimum = minimum;
    }

    /// <inheritdoc/>
    public override RecordType Type => RecordType.SOA;

    /// <summary>MNAME: the primary name server of the zone.</summary>
    public DomainName PrimaryNameServer { get; }

    /// <summary>RNAME: the mailbox of the person responsible, as a name (first label is the local part).</summary>
    public DomainName ResponsibleMailbox { get; }

    /// <summary>SERIAL: the zone version, compared with RFC 1982 serial number arithmetic.</summary>
    public uint Serial { get; }

    /// <summary>REFRESH: seconds between refresh checks by secondaries.</summary>
    public uint Refresh { get; }

    /// <summary>RETRY: seconds before a failed refresh is retried.</summary>
    public uint Retry { get; }

    /// <summary>EXPIRE: seconds after which secondaries stop answering without a refresh.</summary>
    public uint Expire { get; }

    /// <summary>MINIMUM: the negative-caching TTL (RFC 2308 §4).</summary>
    public uint Minimum { get; }

    // RFC 3597 §4: receivers decompress names in the RFC 1035 types.
    internal static SoaRdata Read(ref DnsWireReader reader, int length) =>
        new(reader.ReadName(), reader.ReadName(), reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32());

    internal static SoaRdata Parse(RdataTextReader reader) =>
        new(reader.ReadName(), reader.ReadName(), reader.ReadUInt32(), ReadPeriod(reader), ReadPeriod(reader), ReadPeriod(reader), ReadPeriod(reader));

    // RFC 3597 §4: compressible (an RFC 1035 type); RFC 4034 §6.2: lowercased in canonical form.
    internal override void WriteData(ref DnsWireWriter writer, RdataEncoding encoding)
    {
        WriteName(ref writer, PrimaryNameServer, encoding, compressible: true, lowercaseInCanonical: true);
        WriteName(ref writer, ResponsibleMailbox, encoding, compressible: true, lowercaseInCanonical: true);
        writer.WriteUInt32(Serial);
        writer.WriteUInt32(Refresh);
        writer.WriteUInt32(Retry);
        writer.WriteUInt32(Expire);
        writer.WriteUInt32(Minimum);
    }

    internal override void WriteText(StringBuilder builder)
    {
        PrimaryNameServer.AppendTo(builder);
        builder.Append(' ');
        ResponsibleMailbox.AppendTo(builder);
        builder.Append(' ').Append(Serial).Append(' ').Append(Refresh).Append(' ').Append(Retry).Append(' ').Append(Expire).Append(' ').Append(Minimum);
    }

    // The timer fields accept BIND's TTL units (1h, 2d...) as zone files commonly use them.
    private static uint ReadPeriod(RdataTextReader reader)
    {
        ZoneToken t = reader.ReadToken();
        return !t.IsQuoted && ZoneFileReader.ParseTtl(t) is uint value ? value : throw reader.Error($"'{t.Text}' is not a time period", t);
    }
}
