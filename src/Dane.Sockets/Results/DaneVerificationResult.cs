using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using DnsSecure.Iana;
using DnsSecure.Records;

namespace DaneSockets.Results;

/// <summary>
/// The result of <see cref="Matching.DaneMatcher.Verify(Matching.DaneVerificationRequest)"/>: the outcome, the record and depth
/// that authenticated the chain (or, on failure, the depth of the decisive match if there was one), and one
/// <see cref="TlsaRecordResult"/> per input record explaining what happened to it.
/// </summary>
public sealed class DaneVerificationResult
{
    internal DaneVerificationResult(
        DaneOutcome outcome,
        DaneFailureKind failureKind,
        int matchedRecordIndex,
        int matchDepth,
        X509Certificate2? matchedCertificate,
        ImmutableArray<TlsaRecordResult> records,
        string detail)
    {
        Outcome = outcome;
        FailureKind = failureKind;
        MatchedRecordIndex = matchedRecordIndex;
        MatchDepth = matchDepth;
        MatchedCertificate = matchedCertificate;
        Records = records;
        Detail = detail;
    }

    /// <summary>Verified, failed, or not applicable (no usable records).</summary>
    public DaneOutcome Outcome { get; }

    /// <summary>True when <see cref="Outcome"/> is <see cref="DaneOutcome.Verified"/>.</summary>
    public bool IsVerified => Outcome == DaneOutcome.Verified;

    /// <summary>Why verification failed; <see cref="DaneFailureKind.None"/> unless <see cref="Outcome"/> is <see cref="DaneOutcome.Failed"/>.</summary>
    public DaneFailureKind FailureKind { get; }

    /// <summary>Index in the request of the decisive record (the one that verified, or that matched before a later check failed), or -1.</summary>
    public int MatchedRecordIndex { get; }

    /// <summary>The decisive record, or null.</summary>
    public TlsaRdata? MatchedRecord => MatchedRecordIndex >= 0 ? Records[MatchedRecordIndex].Record : null;

    /// <summary>The certificate usage of the decisive record, or null.</summary>
    public TlsaCertificateUsage? MatchedUsage => MatchedRecord?.Usage;

    /// <summary>Depth in the validated chain (0 = leaf) where the decisive record matched, or -1.</summary>
    public int MatchDepth { get; }

    /// <summary>The certificate the decisive record matched; null when nothing matched or a bare DANE-TA(2) key signed the chain.</summary>
    public X509Certificate2? MatchedCertificate { get; }

    /// <summary>One entry per request record, in request order.</summary>
    public ImmutableArray<TlsaRecordResult> Records { get; }

    /// <summary>A short explanation for people.</summary>
    public string Detail { get; }

    /// <inheritdoc/>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(Outcome.ToString());
        if (Outcome == DaneOutcome.Failed)
        {
            sb.Append(" (").Append(FailureKind.ToString()).Append(')');
        }

        if (MatchDepth >= 0)
        {
            sb.Append(CultureInfo.InvariantCulture, $" depth {MatchDepth}");
        }

        sb.Append(": ").Append(Detail);
        foreach (TlsaRecordResult record in Records)
        {
            sb.AppendLine().Append("  ").Append(record.ToString());
        }

        return sb.ToString();
    }
}
