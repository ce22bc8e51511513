using DnsSecure.Dnssec.Algorithms;
using DnsSecure.Dnssec.Signatures;
using DnsSecure.Iana;
using DnsSecure.Records;

namespace DnsSecure.Dnssec.Chain;

/// <summary>
/// Authenticates a zone's DNSKEY RRset from the DS records (or trusted DNSKEYs) above it (RFC 4035 §5.2): a key must
/// match a DS of a supported digest and algorithm and must sign the whole DNSKEY RRset.
/// </summary>
internal static class DnskeyAuthenticator
{
    public static ZoneKeys Authenticate(
        DomainName zone, RRSet? dnskeys, IEnumerable<RrsigRdata> signatures, IReadOnlyList<DsRdata> ds, IReadOnlyList<DnskeyRdata> trustedKeys, RrsetVerifier verifier)
    {
        // RFC 4035 §5.2 and RFC 6840 §5.2: DS records of unknown digest types or algorithms are as if absent; with none
        // usable the zone is treated as insecure. RFC 4509 §3: SHA-1 DS is ignored when a SHA-256 one is present.
        bool haveStrongDigest = ds.Any(d => d.DigestType is DigestType.Sha256 or DigestType.Sha384 && SignatureAlgorithm.IsSupported(d.Algorithm));
        var usable = ds.Where(d => DsDigest.IsSupported(d.DigestType) && SignatureAlgorithm.IsSupported(d.Algorithm)
            && !(haveStrongDigest && d.DigestType == DigestType.Sha1)).ToList();
        var usableAnchors = trustedKeys.Where(k => SignatureAlgorithm.IsSupported(k.Algorithm)).ToList();
        if (usable.Count == 0 && usableAnchors.Count == 0)
        {
            ValidationFailureKind kind = ds.Any(d => !DsDigest.IsSupported(d.DigestType)) ? ValidationFailureKind.UnsupportedDigestType : ValidationFailureKind.UnsupportedAlgorithm;
            return ZoneKeys.Insecure(zone, ValidationFailure.Create(kind, zone, RecordType.DS));
        }

        if (dnskeys is null)
        {
            return ZoneKeys.Bogus(zone, ValidationFailure.Create(ValidationFailureKind.MissingRecords, zone, RecordType.DNSKEY, "no DNSKEY RRset"));
        }

        var candidates = new List<DnskeyRdata>();
        foreach (DnskeyRdata key in dnskeys.Data.Cast<DnskeyRdata>())
        {
            bool matches = usableAnchors.Contains(key) || usable.Any(d =>
                d.KeyTag == key.KeyTag && d.Algorithm == key.Algorithm && DsDigest.Matches(d.DigestType, zone, key.ToWire(), d.Digest.Span));
            if (matches)
            {
                candidates.Add(key);
            }
        }

        if (candidates.Count == 0)
        {
            return ZoneKeys.Bogus(zone, ValidationFailure.Create(ValidationFailureKind.DsMismatch, zone, RecordType.DNSKEY));
        }

        SignatureCheck check = verifier.Verify(dnskeys, signatures, candidates, zone);
        return check.IsSecure
            ? ZoneKeys.Secure(zone, dnskeys.Data.Cast<DnskeyRdata>())
            : ZoneKeys.Bogus(zone, check.Failure!);
    }
}
