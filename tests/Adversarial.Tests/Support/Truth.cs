using System.Net;
using DnsSecure;
using DnsSecure.Records;
using DnsSecure.Resolution;

namespace Adversarial.Tests.Support;

/// <summary>What the real zones say, and how a lookup result compares with it.</summary>
internal static class Truth
{
    /// <summary>The address attackers try to plant (TEST-NET-2 would be as good; it is never contacted).</summary>
    public static readonly IPAddress Forged = IPAddress.Parse("10.6.6.6");

    /// <summary>Secure, and exactly the expected addresses.</summary>
    public static bool IsReal(ValidatedLookup r, params IPAddress[] expected) =>
        r.IsSecure && r.RecordsOf<ARdata>().Select(a => a.Address).Order(AddressComparer.Instance).SequenceEqual(expected.Order(AddressComparer.Instance));

    /// <summary>The forged address anywhere in the answer.</summary>
    public static bool HasForged(ValidatedLookup r) => r.Answers.Any(rr => rr.Data is ARdata a && a.Address.Equals(Forged));

    /// <summary>Accepted wrongly: reported secure while carrying data the zone does not hold.</summary>
    public static bool IsWronglySecure(ValidatedLookup r, params IPAddress[] expected) => r.IsSecure && (HasForged(r) || !IsReal(r, expected));

    public static string Describe(ValidatedLookup r) =>
        $"{r.Status} {r.ResponseCode} {(r.Failure is null ? "" : r.Failure.Kind + " EDE " + (int)r.Failure.ExtendedDnsError)} [{string.Join(", ", r.RecordsOf<ARdata>().Select(a => a.Address))}]";

    /// <summary>A forged A answer to <paramref name="query"/> pointing at <see cref="Forged"/>.</summary>
    public static DnsMessage ForgedAnswer(DnsMessage query, ushort id, DomainName? name = null) => new()
    {
        Id = id,
        IsResponse = true,
        AuthoritativeAnswer = true,
        RecursionDesired = query.RecursionDesired,
        Questions = [name is null ? query.Question : query.Question with { Name = name }],
        Answers = [new ResourceRecord(name ?? query.Question.Name, 3600, new ARdata(Forged))],
        Edns = query.Edns is null ? null : new DnsSecure.Edns.EdnsRecord { DnssecOk = query.Edns.DnssecOk, UdpPayloadSize = 1232 },
    };

    private sealed class AddressComparer : IComparer<IPAddress>
    {
        public static readonly AddressComparer Instance = new();

        public int Compare(IPAddress? x, IPAddress? y) => x!.GetAddressBytes().AsSpan().SequenceCompareTo(y!.GetAddressBytes());
    }
}
