using System.Collections.Frozen;
using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>Reads RDATA of one type from wire format; the reader's limit is the end of the RDATA.</summary>
internal delegate Rdata RdataWireDecoder(ref DnsWireReader reader, int length);

/// <summary>Parses RDATA of one type from presentation tokens.</summary>
internal delegate Rdata RdataTextParser(RdataTextReader reader);

/// <summary>
/// The table of record types with a typed model. Registering a type is one line here; everything else
/// about the type lives in its own file. Types not listed are <see cref="UnknownRdata"/>.
/// </summary>
internal static class RdataRegistry
{
    private static readonly FrozenDictionary<RecordType, (RdataWireDecoder Decode, RdataTextParser Parse)> s_types =
        new Dictionary<RecordType, (RdataWireDecoder, RdataTextParser)>
        {
            [RecordType.A] = (ARdata.Read, ARdata.Parse),
            [RecordType.NS] = ((ref DnsWireReader r, int l) => NsRdata.Read(ref r, l), NsRdata.Parse),
            [RecordType.TLSA] = (TlsaRdata.Read, TlsaRdata.Parse),
            [RecordType.DS] = (DsRdata.Read, DsRdata.Parse),
            [RecordType.CDS] = (CdsRdata.Read, CdsRdata.Parse),
            [RecordType.DNSKEY] = (DnskeyRdata.Read, DnskeyRdata.Parse),
            [RecordType.CDNSKEY] = (CdnskeyRdata.Read, CdnskeyRdata.Parse),
            [RecordType.RRSIG] = (RrsigRdata.Read, RrsigRdata.Parse),
            [RecordType.NSEC] = (NsecRdata.Read, NsecRdata.Parse),
            [RecordType.NSEC3] = (Nsec3Rdata.Read, Nsec3Rdata.Parse),
            [RecordType.NSEC3PARAM] = (Nsec3ParamRdata.Read, Nsec3ParamRdata.Parse),
            [RecordType.CNAME] = (CnameRdata.Read, CnameRdata.Parse),
            [RecordType.SOA] = (SoaRdata.Read, SoaRdata.Parse),
            [RecordType.PTR] = (PtrRdata.Read, PtrRdata.Parse),
            [RecordType.HINFO] = (HinfoRdata.Read, HinfoRdata.Parse),
            [RecordType.MX] = (MxRdata.Read, MxRdata.Parse),
            [RecordType.TXT] = (TxtRdata.Read, TxtRdata.Parse),
            [RecordType.RP] = (RpRdata.Read, RpRdata.Parse),
            [RecordType.AFSDB] = (AfsdbRdata.Read, AfsdbRdata.Parse),
            [RecordType.AAAA] = (AaaaRdata.Read, AaaaRdata.Parse),
            [RecordType.SRV] = (SrvRdata.Read, SrvRdata.Parse),
            [RecordType.NAPTR] = (NaptrRdata.Read, NaptrRdata.Parse),
            [RecordType.KX] = (KxRdata.Read, KxRdata.Parse),
            [RecordType.DNAME] = (DnameRdata.Read, DnameRdata.Parse),
            [RecordType.SSHFP] = (SshfpRdata.Read, SshfpRdata.Parse),
            [RecordType.SMIMEA] = (SmimeaRdata.Read, SmimeaRdata.Parse),
            [RecordType.OPENPGPKEY] = (OpenpgpkeyRdata.Read, OpenpgpkeyRdata.Parse),
            [RecordType.SVCB] = (SvcbRdata.Read, SvcbRdata.Parse),
            [RecordType.HTTPS] = (HttpsRdata.Read, HttpsRdata.Parse),
            [RecordType.SPF] = (SpfRdata.Read, SpfRdata.Parse),
            [RecordType.URI] = (UriRdata.Read, UriRdata.Parse),
            [RecordType.CAA] = (CaaRdata.Read, CaaRdata.Parse),
            [RecordType.CERT] = (CertRdata.Read, CertRdata.Parse),
            [RecordType.MD] = (MdRdata.Read, MdRdata.Parse),
            [RecordType.MF] = (MfRdata.Read, MfRdata.Parse),
            [RecordType.MB] = (MbRdata.Read, MbRdata.Parse),
            [RecordType.MG] = (MgRdata.Read, MgRdata.Parse),
            [RecordType.MR] = (MrRdata.Read, MrRdata.Parse),
            [RecordType.MINFO] = (MinfoRdata.Read, MinfoRdata.Parse),
            [RecordType.RT] = (RtRdata.Read, RtRdata.Parse),
        }.ToFrozenDictionary();

    /// <summary>True when the type has a typed model.</summary>
    public static bool IsKnown(RecordType type) => s_types.ContainsKey(type);

    /// <summary>Decodes RDATA of <paramref name="length"/> octets at the reader's position; consumes exactly that many.</summary>
    public static Rdata Decode(RecordType type, ref DnsWireReader reader, int length)
    {
        int start = reader.Position;
        int oldEnd = reader.PushLimit(length);
        Rdata rdata = s_types.TryGetValue(type, out var entry)
            ? entry.Decode(ref reader, length)
            : new UnknownRdata(type, reader.ReadRemaining().ToArray());
        if (reader.Remaining != 0)
        {
            throw DnsWireReader.Error($"{type.ToText()} RDATA has {reader.Remaining} trailing octets", reader.Position);
        }

        reader.PopLimit(oldEnd);
        _ = start;
        return rdata;
    }

    /// <summary>Decodes RDATA from an uncompressed octet string (e.g. the RFC 3597 generic text form).</summary>
    public static Rdata Decode(RecordType type, ReadOnlySpan<byte> data)
    {
        var reader = new DnsWireReader(data);
        return Decode(type, ref reader, data.Length);
    }

    /// <summary>Parses RDATA text; accepts the RFC 3597 <c>\#</c> form for every type.</summary>
    public static Rdata Parse(RecordType type, RdataTextReader reader)
    {
        if (reader.Peek() == "\\#")
        {
            reader.ReadToken();
            ushort length = reader.ReadUInt16();
            byte[] data = reader.ReadHexToEnd(allowEmpty: true);
            if (data.Length != length)
            {
                throw reader.Error($"generic RDATA says {length} octets but has {data.Length}");
            }

            try
            {
                return Decode(type, data);
            }
            catch (DnsFormatException e)
            {
                throw reader.Error("generic RDATA does not decode: " + e.Message);
            }
        }

        if (!s_types.TryGetValue(type, out var entry))
        {
            throw reader.Error($"type {type.ToText()} has no presentation format here; use the RFC 3597 \\# form");
        }

        Rdata rdata = entry.Parse(reader);
        reader.ExpectEnd();
        return rdata;
    }
}
