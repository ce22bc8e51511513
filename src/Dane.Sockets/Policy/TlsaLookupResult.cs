using System.Collections.Immutable;
using DaneSockets.Matching;
using DaneSockets.Results;
using DnsSecure.Records;

namespace DaneSockets.Policy;

/// <summary>The result of a TLSA lookup as the DANE layer consumes it: the outcome and, when secure, the records.
/// The resolver produces one per lookup; <see cref="DanePolicyEvaluator"/> consumes it.</summary>
public sealed record TlsaLookupResult
{
    /// <summary>Creates a lookup result.</summary>
    /// <param name="outcome">What the lookup established.</param>
    /// <param name="records">The TLSA records; only meaningful for the secure outcomes.</param>
    public TlsaLookupResult(TlsaLookupOutcome outcome, ImmutableArray<TlsaRdata> records)
    {
        Outcome = outcome;
        Records = records.IsDefault ? [] : records;
    }

    /// <summary>What the lookup established.</summary>
    public TlsaLookupOutcome Outcome { get; }

    /// <summary>The records of a secure answer (empty otherwise).</summary>
    public ImmutableArray<TlsaRdata> Records { get; }

    /// <summary>Classifies a DNSSEC-secure answer: no records is <see cref="TlsaLookupOutcome.SecureAbsent"/>; records none of
    /// which is usable in <paramref name="profile"/> is <see cref="TlsaLookupOutcome.SecureAllUnusable"/> (RFC 7671 §4.1,
    /// RFC 7672 §3.1.3); otherwise <see cref="TlsaLookupOutcome.SecureUsable"/>.</summary>
    /// <param name="records">The validated TLSA RRset (empty for a proven NXDOMAIN or NODATA).</param>
    /// <param name="profile">The application profile that decides usability.</param>
    public static TlsaLookupResult FromSecureAnswer(IReadOnlyList<TlsaRdata> records, DaneProfile profile = DaneProfile.Generic)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count == 0)
        {
            return new TlsaLookupResult(TlsaLookupOutcome.SecureAbsent, []);
        }

        var verdicts = new TlsaRecordVerdict[records.Count];
        var details = new string[records.Count];
        bool anyUsable = TlsaRecordClassifier.Classify(records, profile, verdicts, details).Count > 0;
        return new TlsaLookupResult(anyUsable ? TlsaLookupOutcome.SecureUsable : TlsaLookupOutcome.SecureAllUnusable, [.. records]);
    }
}
