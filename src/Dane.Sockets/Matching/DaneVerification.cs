using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using DaneSockets.Results;
using DnsSecure.Iana;
using DnsSecure.Records;

namespace DaneSockets.Matching;

/// <summary>
/// One run of the matcher. The order follows RFC 7671 and OpenSSL's DANE verifier: DANE-EE(3) on the leaf first
/// (dispositive, RFC 7671 §5.1); then DANE-TA(2) while building a path up from the leaf (first trust anchor found wins,
/// RFC 7671 §5.2); then the PKIX-constrained usages on a path validated to the PKIX trust store (RFC 6698 §2.1.1).
/// </summary>
internal sealed class DaneVerification : IDisposable
{
    private readonly DaneVerificationRequest _request;
    private readonly DaneVerificationOptions _options;
    private readonly TlsaRecordVerdict[] _verdicts;
    private readonly string[] _details;
    private readonly int[] _depths;
    private readonly List<UsableTlsaRecord> _usable;
    private readonly List<CertificateEntry> _presented;

    public DaneVerification(DaneVerificationRequest request)
    {
        _request = request;
        _options = request.Options;
        int count = request.Records.Count;
        _verdicts = new TlsaRecordVerdict[count];
        _details = new string[count];
        _depths = new int[count];
        Array.Fill(_depths, -1);
        _usable = TlsaRecordClassifier.Classify(request.Records, _options.Profile, _verdicts, _details);
        _presented = new List<CertificateEntry>(request.Chain.Count);
        foreach (X509Certificate2 certificate in request.Chain)
        {
            ArgumentNullException.ThrowIfNull(certificate, nameof(request.Chain));
            _presented.Add(new CertificateEntry(certificate, fromDns: false));
        }
    }

    /// <summary>Releases the platform key objects of bare-key TLSA records (certificates are the caller's or the result's; the
    /// keys of certificates belong to <see cref="CertificateCryptoCache"/>).</summary>
    public void Dispose()
    {
        foreach (UsableTlsaRecord record in _usable)
        {
            record.Dispose();
        }
    }

    public DaneVerificationResult Run()
    {
        if (_usable.Count == 0)
        {
            return Result(DaneOutcome.NotApplicable, DaneFailureKind.None, null, -1, null,
                "no usable TLSA records: proceed as if there were none (RFC 7671 §4.1)");
        }

        if (_presented.Count == 0)
        {
            return Result(DaneOutcome.Failed, DaneFailureKind.NoCertificate, null, -1, null, "the peer presented no certificate");
        }

        return VerifyDaneEe() ?? VerifyDaneTa() ?? VerifyPkix() ?? NoMatch();
    }

    private DaneVerificationResult? VerifyDaneEe()
    {
        CertificateEntry leaf = _presented[0];
        foreach (UsableTlsaRecord record in _usable)
        {
            if (record.Usage != TlsaCertificateUsage.DaneEe)
            {
                continue;
            }

            if (!leaf.Matches(record))
            {
                MarkNoMatch(record, "does not match the leaf");
                continue;
            }

            // RFC 7671 §5.1: a DANE-EE(3) match is dispositive; names and validity dates are not checked unless asked for.
            if (_options.CheckDaneEeNames && !HostNameMatcher.Matches(leaf.Certificate, _request.ReferenceNames))
            {
                return Fail(record, 0, leaf, TlsaRecordVerdict.NameMismatch, DaneFailureKind.NameMismatch,
                    "DANE-EE(3) matched the leaf, but it does not name a reference identifier and name checks are on");
            }

            return Success(record, 0, leaf, _options.CheckDaneEeNames
                ? "DANE-EE(3) matched the leaf, which names a reference identifier; dates not checked (RFC 7671 §5.1)"
                : "DANE-EE(3) matched the leaf; names and dates not checked (RFC 7671 §5.1)");
        }

        return null;
    }

    private DaneVerificationResult? VerifyDaneTa()
    {
        if (!HasUsage(TlsaCertificateUsage.DaneTa))
        {
            return null;
        }

        List<CertificateEntry> path = BuildDaneTaPath(out UsableTlsaRecord? anchorRecord);
        int depth = path.Count - 1;
        SubjectPublicKey? bareKey = null;
        CertificateEntry? anchor = null;
        if (anchorRecord is not null)
        {
            anchor = path[depth];
        }
        else
        {
            // RFC 7671 §5.2.2: a "2 1 0" record carries the bare trust-anchor key; the server may omit the TA certificate,
            // so the top of the presented path must be signed by that key.
            CertificateEntry top = path[depth];
            foreach (UsableTlsaRecord record in _usable)
            {
                if (record.Usage == TlsaCertificateUsage.DaneTa && record.FullKey is { } key && top.IsSignedBy(key))
                {
                    anchorRecord = record;
                    bareKey = key;
                    break;
                }
            }
        }

        if (anchorRecord is null)
        {
            foreach (UsableTlsaRecord record in _usable)
            {
                if (record.Usage == TlsaCertificateUsage.DaneTa)
                {
                    MarkNoMatch(record, string.Create(CultureInfo.InvariantCulture,
                        $"matches no issuer on the {path.Count}-certificate path built from the leaf"));
                }
            }

            return null;
        }

        return CheckDaneTaPath(path, depth, anchorRecord, anchor, bareKey);
    }

    /// <summary>
    /// Builds a path up from the leaf through the presented certificates and the Full(0) certificates of TLSA records,
    /// stopping at the first certificate (depth ≥ 1) a DANE-TA(2) record matches. Among issuer candidates it prefers those
    /// whose key verifies the subject's signature, then those a DANE-TA(2) record matches; records' certificates come
    /// first, so a DNS-supplied anchor beats a cross-signed twin from the peer.
    /// </summary>
    private List<CertificateEntry> BuildDaneTaPath(out UsableTlsaRecord? anchorRecord)
    {
        anchorRecord = null;
        var path = new List<CertificateEntry> { _presented[0] };
        var pool = new List<CertificateEntry>();
        foreach (UsableTlsaRecord record in _usable)
        {
            if (record.FullCertificate is { } fromDns && record.Usage is TlsaCertificateUsage.DaneTa or TlsaCertificateUsage.PkixTa)
            {
                pool.Add(fromDns);
            }
        }

        for (int i = 1; i < _presented.Count; i++)
        {
            pool.Add(_presented[i]);
        }

        while (path.Count < _options.MaxChainLength)
        {
            CertificateEntry current = path[^1];
            if (current.IsSelfIssued)
            {
                break;
            }

            CertificateEntry? best = null;
            UsableTlsaRecord? bestRecord = null;
            int bestRank = -1;
            foreach (CertificateEntry candidate in pool)
            {
                if (!candidate.CouldHaveIssued(current))
                {
                    continue;
                }

                bool verifies = candidate.PublicKey is { } key && current.IsSignedBy(key);
                UsableTlsaRecord? matched = FindTrustAnchorRecord(candidate);
                int rank = (verifies ? 2 : 0) + (matched is null ? 0 : 1);
                if (rank > bestRank)
                {
                    (best, bestRecord, bestRank) = (candidate, matched, rank);
                }
            }

            if (best is null)
            {
                break;
            }

            pool.Remove(best);
            path.Add(best);
            if (bestRecord is not null)
            {
                anchorRecord = bestRecord;
                break;
            }
        }

        return path;
    }

    private UsableTlsaRecord? FindTrustAnchorRecord(CertificateEntry candidate)
    {
        foreach (UsableTlsaRecord record in _usable)
        {
            if (record.Usage == TlsaCertificateUsage.DaneTa && candidate.Matches(record))
            {
                return record;
            }
        }

        return null;
    }

    /// <summary>RFC 7671 §5.2: with DANE-TA(2) the path below the anchor is checked as in PKIX: names, CA flags,
    /// signatures and validity dates (the anchor certificate's dates too, as OpenSSL does).</summary>
    private DaneVerificationResult CheckDaneTaPath(
        List<CertificateEntry> path, int depth, UsableTlsaRecord record, CertificateEntry? anchor, SubjectPublicKey? bareKey)
    {
        CertificateEntry leaf = path[0];
        string where = bareKey is null
            ? string.Create(CultureInfo.InvariantCulture, $"DANE-TA(2) matched {Describe(path[depth])} at depth {depth}")
            : string.Create(CultureInfo.InvariantCulture, $"DANE-TA(2) bare key signed {Describe(path[depth])} at depth {depth}");

        if (!HostNameMatcher.Matches(leaf.Certificate, _request.ReferenceNames))
        {
            return Fail(record, depth, anchor, TlsaRecordVerdict.NameMismatch, DaneFailureKind.NameMismatch,
                where + ", but the leaf does not name a reference identifier (RFC 7671 §5.2)");
        }

        // RFC 5280 §6.1.4 (k): every issuing certificate on the path must be a CA; like OpenSSL, this includes an anchor
        // certificate (a bare key's top certificate at depth ≥ 1 is an issuer too).
        for (int i = 1; i <= depth; i++)
        {
            if (!path[i].IsCertificateAuthority)
            {
                return Fail(record, depth, anchor, TlsaRecordVerdict.NotCertificateAuthority, DaneFailureKind.NotCertificateAuthority,
                    string.Create(CultureInfo.InvariantCulture, $"{where}, but {Describe(path[i])} at depth {i} is not a CA"));
            }
        }

        for (int i = 0; i < depth; i++)
        {
            if (path[i + 1].PublicKey is not { } key || !path[i].IsSignedBy(key))
            {
                return Fail(record, depth, anchor, TlsaRecordVerdict.SignatureInvalid, DaneFailureKind.SignatureInvalid,
                    string.Create(CultureInfo.InvariantCulture, $"{where}, but the signature on {Describe(path[i])} at depth {i} does not verify"));
            }
        }

        DateTimeOffset now = _options.TimeProvider.GetUtcNow();
        for (int i = 0; i <= depth; i++)
        {
            if (!path[i].IsValidAt(now))
            {
                return Fail(record, depth, anchor, TlsaRecordVerdict.ValidityPeriod, DaneFailureKind.ValidityPeriod,
                    string.Create(CultureInfo.InvariantCulture, $"{where}, but {Describe(path[i])} at depth {i} is outside its validity period"));
            }
        }

        return Success(record, depth, anchor, where);
    }

    private DaneVerificationResult? VerifyPkix()
    {
        if (!HasUsage(TlsaCertificateUsage.PkixTa) && !HasUsage(TlsaCertificateUsage.PkixEe))
        {
            return null;
        }

        CertificateEntry leaf = _presented[0];
        var extra = new List<X509Certificate2>();
        foreach (UsableTlsaRecord record in _usable)
        {
            // Full(0) certificates from TLSA records may supply missing intermediates (as OpenSSL allows).
            if (record.FullCertificate is { } fromDns && record.Usage is TlsaCertificateUsage.PkixTa or TlsaCertificateUsage.DaneTa)
            {
                extra.Add(fromDns.Certificate);
            }
        }

        for (int i = 1; i < _presented.Count; i++)
        {
            extra.Add(_presented[i].Certificate);
        }

        PkixPath pkix = PkixPath.Build(leaf.Certificate, extra, _options);
        var elements = new List<CertificateEntry>(pkix.Certificates.Length);
        foreach (X509Certificate2 certificate in pkix.Certificates)
        {
            elements.Add(FindPresented(certificate) ?? new CertificateEntry(certificate, fromDns: false));
        }

        // PKIX-EE(1) binds the leaf (depth 0); PKIX-TA(0) binds a CA at depth ≥ 1 of the validated path (RFC 6698 §2.1.1).
        UsableTlsaRecord? matched = null;
        int depth = -1;
        foreach (UsableTlsaRecord record in _usable)
        {
            if (record.Usage == TlsaCertificateUsage.PkixEe && leaf.Matches(record))
            {
                (matched, depth) = (record, 0);
                break;
            }
        }

        for (int d = 1; matched is null && d < elements.Count; d++)
        {
            foreach (UsableTlsaRecord record in _usable)
            {
                if (record.Usage == TlsaCertificateUsage.PkixTa && elements[d].Matches(record))
                {
                    (matched, depth) = (record, d);
                    break;
                }
            }
        }

        if (!pkix.IsValid)
        {
            foreach (UsableTlsaRecord record in _usable)
            {
                if (record != matched && record.Usage is TlsaCertificateUsage.PkixTa or TlsaCertificateUsage.PkixEe)
                {
                    MarkNoMatch(record, "no PKIX-valid path to test it against");
                }
            }

            string reason = "PKIX validation failed (" + pkix.Status + ")";
            if (matched is null)
            {
                return Result(DaneOutcome.Failed, DaneFailureKind.PkixValidationFailed, null, -1, null, reason);
            }

            return Fail(matched, depth, elements[depth], TlsaRecordVerdict.PkixValidationFailed, DaneFailureKind.PkixValidationFailed,
                $"{UsageName(matched.Usage)} matched at depth {depth}, but {reason}");
        }

        if (matched is null)
        {
            foreach (UsableTlsaRecord record in _usable)
            {
                if (record.Usage is TlsaCertificateUsage.PkixTa or TlsaCertificateUsage.PkixEe)
                {
                    MarkNoMatch(record, string.Create(CultureInfo.InvariantCulture,
                        $"matches no certificate of the {elements.Count}-certificate PKIX-valid path"));
                }
            }

            return null;
        }

        if (!HostNameMatcher.Matches(leaf.Certificate, _request.ReferenceNames))
        {
            return Fail(matched, depth, elements[depth], TlsaRecordVerdict.NameMismatch, DaneFailureKind.NameMismatch,
                $"{UsageName(matched.Usage)} matched at depth {depth} of a PKIX-valid path, but the leaf does not name a reference identifier");
        }

        return Success(matched, depth, elements[depth], string.Create(CultureInfo.InvariantCulture,
            $"{UsageName(matched.Usage)} matched {Describe(elements[depth])} at depth {depth} of a PKIX-valid path"));
    }

    private DaneVerificationResult NoMatch() =>
        Result(DaneOutcome.Failed, DaneFailureKind.NoMatch, null, -1, null, "no usable TLSA record matched the chain");

    private CertificateEntry? FindPresented(X509Certificate2 certificate)
    {
        foreach (CertificateEntry entry in _presented)
        {
            if (entry.Der.AsSpan().SequenceEqual(certificate.RawData))
            {
                return entry;
            }
        }

        return null;
    }

    private bool HasUsage(TlsaCertificateUsage usage)
    {
        foreach (UsableTlsaRecord record in _usable)
        {
            if (record.Usage == usage)
            {
                return true;
            }
        }

        return false;
    }

    private void MarkNoMatch(UsableTlsaRecord record, string detail)
    {
        _verdicts[record.Index] = TlsaRecordVerdict.NoMatch;
        _details[record.Index] = detail;
    }

    private DaneVerificationResult Success(UsableTlsaRecord record, int depth, CertificateEntry? certificate, string detail)
    {
        _verdicts[record.Index] = TlsaRecordVerdict.Matched;
        _details[record.Index] = detail;
        _depths[record.Index] = depth;
        return Result(DaneOutcome.Verified, DaneFailureKind.None, record, depth, certificate, detail);
    }

    private DaneVerificationResult Fail(
        UsableTlsaRecord record, int depth, CertificateEntry? certificate, TlsaRecordVerdict verdict, DaneFailureKind kind, string detail)
    {
        _verdicts[record.Index] = verdict;
        _details[record.Index] = detail;
        _depths[record.Index] = depth;
        return Result(DaneOutcome.Failed, kind, record, depth, certificate, detail);
    }

    private DaneVerificationResult Result(
        DaneOutcome outcome, DaneFailureKind kind, UsableTlsaRecord? record, int depth, CertificateEntry? certificate, string detail)
    {
        IReadOnlyList<TlsaRdata> records = _request.Records;
        var builder = ImmutableArray.CreateBuilder<TlsaRecordResult>(records.Count);
        for (int i = 0; i < records.Count; i++)
        {
            builder.Add(new TlsaRecordResult(i, records[i], _verdicts[i], _depths[i], _details[i]));
        }

        return new DaneVerificationResult(outcome, kind, record?.Index ?? -1, depth, certificate?.Certificate, builder.MoveToImmutable(), detail);
    }

    private static string UsageName(TlsaCertificateUsage usage) => usage switch
    {
        TlsaCertificateUsage.PkixTa => "PKIX-TA(0)",
        TlsaCertificateUsage.PkixEe => "PKIX-EE(1)",
        TlsaCertificateUsage.DaneTa => "DANE-TA(2)",
        _ => "DANE-EE(3)",
    };

    private static string Describe(CertificateEntry entry)
    {
        string subject = entry.Certificate.Subject;
        return (subject.Length == 0 ? "(empty subject)" : subject) + (entry.FromDns ? " [from TLSA]" : string.Empty);
    }
}
