using System.Text;
using DnsSecure.Iana;

namespace DnsSecure.Dnssec;

/// <summary>
/// Why validation did not reach <see cref="DnssecStatus.Secure"/>: structured data for programs and for the
/// RFC 8914 Extended DNS Error a server would send. Prose is produced only by <see cref="ToString"/>.
/// </summary>
/// <param name="Kind">What went wrong.</param>
/// <param name="Owner">The owner name of the RRset or zone where it went wrong.</param>
/// <param name="RecordType">The type of the RRset concerned (e.g. <see cref="RecordType.DNSKEY"/> for a key failure).</param>
/// <param name="ExtendedDnsError">The RFC 8914 code that describes the failure.</param>
/// <param name="Detail">A short machine-oriented detail (a key tag, a field name, a limit), or null.</param>
public sealed record ValidationFailure(
    ValidationFailureKind Kind,
    DomainName Owner,
    RecordType RecordType,
    ExtendedDnsErrorCode ExtendedDnsError,
    string? Detail = null)
{
    /// <summary>Creates a failure with the Extended DNS Error code that belongs to <paramref name="kind"/>.</summary>
    public static ValidationFailure Create(ValidationFailureKind kind, DomainName owner, RecordType recordType, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(owner);
        return new ValidationFailure(kind, owner, recordType, DefaultCode(kind), detail);
    }

    /// <summary>The RFC 8914 code used for <paramref name="kind"/> when none is chosen explicitly.</summary>
    public static ExtendedDnsErrorCode DefaultCode(ValidationFailureKind kind) => kind switch
    {
        ValidationFailureKind.MissingSignature => ExtendedDnsErrorCode.RrsigsMissing,
        ValidationFailureKind.SignatureExpired => ExtendedDnsErrorCode.SignatureExpired,
        ValidationFailureKind.SignatureNotYetValid => ExtendedDnsErrorCode.SignatureNotYetValid,
        ValidationFailureKind.NoMatchingKey => ExtendedDnsErrorCode.DnskeyMissing,
        ValidationFailureKind.NoZoneKey => ExtendedDnsErrorCode.NoZoneKeyBitSet,
        ValidationFailureKind.DsMismatch => ExtendedDnsErrorCode.DnskeyMissing,
        ValidationFailureKind.UnsupportedAlgorithm => ExtendedDnsErrorCode.UnsupportedDnskeyAlgorithm,
        ValidationFailureKind.UnsupportedDigestType => ExtendedDnsErrorCode.UnsupportedDsDigestType,
        ValidationFailureKind.MissingDenial => ExtendedDnsErrorCode.NsecMissing,
        ValidationFailureKind.Nsec3IterationsTooHigh => ExtendedDnsErrorCode.UnsupportedNsec3IterationsValue,
        ValidationFailureKind.NegativeTrustAnchor => ExtendedDnsErrorCode.DnssecIndeterminate,
        ValidationFailureKind.MissingRecords => ExtendedDnsErrorCode.DnssecBogus,
        _ => ExtendedDnsErrorCode.DnssecBogus,
    };

    /// <summary>A one-line English description, e.g. <c>SignatureExpired at example.com./A (EDE 7 SignatureExpired): key 12345</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(Describe(Kind)).Append(" at ");
        Owner.AppendTo(sb);
        sb.Append('/').Append(RecordType.ToText());
        sb.Append(" (EDE ").Append((ushort)ExtendedDnsError).Append(' ').Append(ExtendedDnsError).Append(')');
        if (!string.IsNullOrEmpty(Detail))
        {
            sb.Append(": ").Append(Detail);
        }

        return sb.ToString();
    }

    private static string Describe(ValidationFailureKind kind) => kind switch
    {
        ValidationFailureKind.MissingSignature => "no RRSIG covers the RRset",
        ValidationFailureKind.SignatureExpired => "every signature has expired",
        ValidationFailureKind.SignatureNotYetValid => "no signature is valid yet",
        ValidationFailureKind.SignatureMalformed => "the RRSIG does not fit the RRset",
        ValidationFailureKind.SignatureInvalid => "no signature verifies",
        ValidationFailureKind.NoMatchingKey => "no DNSKEY matches the signature's key tag and algorithm",
        ValidationFailureKind.NoZoneKey => "no DNSKEY has the zone-key flag and protocol 3",
        ValidationFailureKind.DsMismatch => "no DNSKEY matches the DS records or trust anchor",
        ValidationFailureKind.UnsupportedAlgorithm => "only unsupported DNSKEY algorithms",
        ValidationFailureKind.UnsupportedDigestType => "only unsupported DS digest types",
        ValidationFailureKind.MissingDenial => "the negative answer carries no NSEC or NSEC3 proof",
        ValidationFailureKind.InvalidDenial => "the NSEC or NSEC3 records do not prove the denial",
        ValidationFailureKind.Nsec3IterationsTooHigh => "NSEC3 iterations above the limit",
        ValidationFailureKind.WorkLimitExceeded => "validation work limit reached",
        ValidationFailureKind.NegativeTrustAnchor => "below a negative trust anchor",
        ValidationFailureKind.MissingRecords => "required DNSSEC records are missing",
        _ => "validation failed",
    };
}
