using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DaneSockets.Results;
using DnsSecure.Iana;
using DnsSecure.Records;
using Org.BouncyCastle.Crypto;

namespace DaneSockets.Matching;

/// <summary>
/// Sorts a TLSA RRset into usable and unusable records (RFC 7671 §4.1), applies the profile (RFC 7672 §3.1.3) and
/// digest algorithm agility (RFC 7671 §9), and orders the usable ones the way OpenSSL tries them: usage descending
/// (DANE before PKIX), selector descending, digest strength descending.
/// </summary>
internal static class TlsaRecordClassifier
{
    private const int Sha256Length = 32;
    private const int Sha512Length = 64;

    public static List<UsableTlsaRecord> Classify(
        IReadOnlyList<TlsaRdata> records, DaneProfile profile, TlsaRecordVerdict[] verdicts, string[] details)
    {
        var usable = new List<UsableTlsaRecord>(records.Count);
        for (int i = 0; i < records.Count; i++)
        {
            TlsaRdata record = records[i] ?? throw new ArgumentException("The TLSA record list contains null.", nameof(records));
            if (TryMakeUsable(i, record, profile, out UsableTlsaRecord? entry, out TlsaRecordVerdict verdict, out string detail))
            {
                usable.Add(entry!);
                verdicts[i] = TlsaRecordVerdict.NotEvaluated;
                details[i] = "not examined: another record decided first";
            }
            else
            {
                verdicts[i] = verdict;
                details[i] = detail;
            }
        }

        ApplyDigestAgility(usable, verdicts, details);
        usable.Sort(static (a, b) =>
        {
            int c = b.Record.Usage.CompareTo(a.Record.Usage);
            if (c == 0)
            {
                c = b.Record.Selector.CompareTo(a.Record.Selector);
            }

            if (c == 0)
            {
                c = b.DigestOrdinal.CompareTo(a.DigestOrdinal);
            }

            return c != 0 ? c : a.Index.CompareTo(b.Index);
        });
        return usable;
    }

    private static bool TryMakeUsable(
        int index, TlsaRdata record, DaneProfile profile,
        out UsableTlsaRecord? usable, out TlsaRecordVerdict verdict, out string detail)
    {
        usable = null;
        ReadOnlyMemory<byte> data = record.CertificateAssociationData;
        if (record.Usage > TlsaCertificateUsage.DaneEe)
        {
            (verdict, detail) = (TlsaRecordVerdict.UnknownUsage, "unusable: unknown certificate usage (RFC 7671 §4.1)");
            return false;
        }

        if (record.Selector > TlsaSelector.Spki)
        {
            (verdict, detail) = (TlsaRecordVerdict.UnknownSelector, "unusable: unknown selector (RFC 7671 §4.1)");
            return false;
        }

        if (record.MatchingType > TlsaMatchingType.Sha512)
        {
            (verdict, detail) = (TlsaRecordVerdict.UnknownMatchingType, "unusable: unknown matching type (RFC 7671 §4.1)");
            return false;
        }

        // RFC 7672 §3.1.3: SMTP clients treat PKIX-TA(0) and PKIX-EE(1) as unusable.
        if (profile == DaneProfile.Smtp && record.Usage is TlsaCertificateUsage.PkixTa or TlsaCertificateUsage.PkixEe)
        {
            (verdict, detail) = (TlsaRecordVerdict.UnusableInProfile, "unusable in SMTP: PKIX usages are not used (RFC 7672 §3.1.3)");
            return false;
        }

        int expectedLength = record.MatchingType switch
        {
            TlsaMatchingType.Sha256 => Sha256Length,
            TlsaMatchingType.Sha512 => Sha512Length,
            _ => -1,
        };
        if (expectedLength >= 0 && data.Length != expectedLength)
        {
            (verdict, detail) = (TlsaRecordVerdict.BadDigestLength, $"unusable: digest is {data.Length} octets, {record.MatchingType} needs {expectedLength} (RFC 7671 §4.1)");
            return false;
        }

        CertificateEntry? certificate = null;
        AsymmetricKeyParameter? key = null;
        if (record.MatchingType == TlsaMatchingType.Full && record.Selector == TlsaSelector.Cert)
        {
            certificate = TryLoadCertificate(data);
            if (certificate is null || certificate.PublicKey is null)
            {
                (verdict, detail) = (TlsaRecordVerdict.MalformedCertificate, "unusable: Full(0) data is not one DER certificate with a decodable key (RFC 7671 §4.1)");
                return false;
            }
        }
        else if (record.MatchingType == TlsaMatchingType.Full)
        {
            key = BouncyCastleKeys.TryDecodePublicKey(data);
            if (key is null)
            {
                (verdict, detail) = (TlsaRecordVerdict.MalformedPublicKey, "unusable: Full(0) data is not one DER SubjectPublicKeyInfo (RFC 7671 §4.1)");
                return false;
            }
        }

        usable = new UsableTlsaRecord(index, record, certificate, key);
        (verdict, detail) = (TlsaRecordVerdict.NotEvaluated, string.Empty);
        return true;
    }

    private static CertificateEntry? TryLoadCertificate(ReadOnlyMemory<byte> data)
    {
        if (!DerCertificate.IsSingleSequence(data))
        {
            return null;
        }

        try
        {
            return new CertificateEntry(X509CertificateLoader.LoadCertificate(data.Span), fromDns: true);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>
    /// RFC 7671 §9: per usage and selector, only records with the strongest digest present are used; Full(0) records
    /// are always used (as OpenSSL does).
    /// </summary>
    private static void ApplyDigestAgility(List<UsableTlsaRecord> usable, TlsaRecordVerdict[] verdicts, string[] details)
    {
        for (int i = usable.Count - 1; i >= 0; i--)
        {
            UsableTlsaRecord candidate = usable[i];
            if (candidate.DigestOrdinal == 0)
            {
                continue;
            }

            foreach (UsableTlsaRecord other in usable)
            {
                if (other.Record.Usage == candidate.Record.Usage && other.Record.Selector == candidate.Record.Selector
                    && other.DigestOrdinal > candidate.DigestOrdinal)
                {
                    verdicts[candidate.Index] = TlsaRecordVerdict.WeakerDigest;
                    details[candidate.Index] = $"ignored: {other.Record.MatchingType} is published for the same usage and selector (RFC 7671 §9)";
                    usable.RemoveAt(i);
                    break;
                }
            }
        }
    }
}
