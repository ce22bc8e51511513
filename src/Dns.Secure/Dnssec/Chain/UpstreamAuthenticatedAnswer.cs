using System.Collections.Immutable;
using DnsSecure.Records;
using DnsSecure.Resolution;

namespace DnsSecure.Dnssec.Chain;

/// <summary>Turns a response whose AD bit a trusted upstream set into a Secure <see cref="ValidatedLookup"/>.</summary>
internal static class UpstreamAuthenticatedAnswer
{
    public static ValidatedLookup Create(DnsQuestion question, DnsMessage message, ValidatingResolverSettings settings, int queries)
    {
        // Follow the CNAME/DNAME chain of the answer section to the canonical name (RFC 1034 §3.6.2).
        DomainName canonical = question.Name;
        for (int link = 0; link <= settings.MaxChainLength; link++)
        {
            ResourceRecord? alias = question.Type == RecordType.CNAME ? null
                : message.Answers.FirstOrDefault(r => r.Type == RecordType.CNAME && r.Name == canonical);
            if (alias is null)
            {
                break;
            }

            canonical = ((CnameRdata)alias.Data).CanonicalName;
        }

        ImmutableArray<ResourceRecord> answers = [.. message.Answers.Where(r => r.Type != RecordType.RRSIG)];
        uint ttl = answers.IsEmpty
            ? message.Authorities.Where(r => r.Data is SoaRdata).Select(r => Math.Min(r.Ttl, ((SoaRdata)r.Data).Minimum)).DefaultIfEmpty(settings.MinimumTtl).Min()
            : answers.Min(r => r.Ttl);
        return new ValidatedLookup
        {
            Question = question,
            Status = DnssecStatus.Secure,
            ResponseCode = message.ResponseCode,
            CanonicalName = canonical,
            Answers = answers,
            Ttl = ttl,
            Chain =
            [
                new ChainStep
                {
                    Kind = ChainStepKind.UpstreamAuthenticated, Zone = DomainName.Root, Owner = question.Name, Type = question.Type,
                    Status = DnssecStatus.Secure, Records = answers, Detail = "AD bit from a trusted upstream (loopback or strict DNS over TLS)",
                },
            ],
            Response = message,
            UpstreamQueries = queries,
        };
    }
}
