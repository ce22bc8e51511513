using System.Buffers.Binary;

namespace DnsSecure.Transport;

/// <summary>
/// Decides whether a received message answers a query: same ID, QR set, and the same question
/// (RFC 5452 §9.1: name compared case-insensitively, type and class exact; RFC 7766 §7 for streams).
/// </summary>
internal static class ResponseMatcher
{
    /// <summary>Cheap header check before decoding: at least a header, QR set, the expected ID.</summary>
    public static bool HeaderMatches(ReadOnlySpan<byte> packet, ushort id) =>
        packet.Length >= 12 && BinaryPrimitives.ReadUInt16BigEndian(packet) == id && (packet[2] & 0x80) != 0;

    /// <summary>
    /// A UDP datagram that answers the query with ID <paramref name="id"/> for <paramref name="asked"/>: header first
    /// (cheap), then decoded and matched (RFC 5452 §9.1). False for anything else — forged, stale or undecodable — which
    /// the caller drops while it keeps waiting.
    /// </summary>
    public static bool TryAccept(ReadOnlySpan<byte> datagram, ushort id, DnsQuestion asked, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DnsMessage? response)
    {
        response = null;
        return HeaderMatches(datagram, id) && DnsMessage.TryDecode(datagram, out response) && Matches(id, asked, response);
    }

    /// <summary>True when <paramref name="response"/> answers <paramref name="query"/>.</summary>
    public static bool Matches(DnsMessage query, DnsMessage response) =>
        query.Questions.Length == 1 && Matches(query.Id, query.Questions[0], response);

    /// <summary>True when <paramref name="response"/> answers the query with ID <paramref name="id"/> for <paramref name="asked"/>.</summary>
    public static bool Matches(ushort id, DnsQuestion asked, DnsMessage response)
    {
        if (!response.IsResponse || response.Id != id)
        {
            return false;
        }

        if (response.Questions.Length == 0)
        {
            // Servers that reject EDNS often echo no question with FORMERR or NOTIMP (RFC 6891 §7 fallback needs them).
            return response.ResponseCode is ResponseCode.FormErr or ResponseCode.NotImp;
        }

        if (response.Questions.Length != 1)
        {
            return false;
        }

        DnsQuestion answered = response.Questions[0];

        // DomainName equality is case-insensitive (RFC 4343 §3).
        return asked.Type == answered.Type && asked.Class == answered.Class && asked.Name.Equals(answered.Name);
    }
}
