using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DnsSecure.Iana;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace DaneSockets.Matching;

/// <summary>One certificate under examination, with the selected content (RFC 6698 §2.1.2), its digests, its key and
/// signature checks cached.</summary>
internal sealed class CertificateEntry
{
    private const string BasicConstraintsOid = "2.5.29.19";

    private readonly byte[]?[] _digests = new byte[]?[4];
    private readonly Dictionary<SubjectPublicKey, bool> _signatureChecks = new(ReferenceEqualityComparer.Instance);
    private SubjectPublicKey? _key;
    private bool _keyTried;

    public CertificateEntry(X509Certificate2 certificate, bool fromDns)
    {
        Certificate = certificate;
        FromDns = fromDns;
        Der = certificate.RawData;
        Spki = DerCertificate.TryGetSubjectPublicKeyInfo(Der, out ReadOnlyMemory<byte> spki) ? spki : null;
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>True for a certificate that came from a Full(0) TLSA record rather than from the peer.</summary>
    public bool FromDns { get; }

    public byte[] Der { get; }

    /// <summary>The encoded SubjectPublicKeyInfo, or null when the certificate cannot be read that far.</summary>
    public ReadOnlyMemory<byte>? Spki { get; }

    /// <summary>The certificate's public key, or null when it cannot be decoded.</summary>
    public SubjectPublicKey? PublicKey
    {
        get
        {
            if (!_keyTried)
            {
                _keyTried = true;
                // Shared with other handshakes through the cache; never disposed here.
                _key = Spki is { } spki ? CertificateCryptoCache.Shared.GetKey(spki.Span) : null;
            }

            return _key;
        }
    }

    public bool IsSelfIssued => Certificate.SubjectName.RawData.AsSpan().SequenceEqual(Certificate.IssuerName.RawData);

    /// <summary>True when this certificate's subject is the issuer named by <paramref name="subject"/> (RFC 5280 §6.1.4 (a)(4)).</summary>
    public bool CouldHaveIssued(CertificateEntry subject) =>
        Certificate.SubjectName.RawData.AsSpan().SequenceEqual(subject.Certificate.IssuerName.RawData);

    /// <summary>True when the basic constraints extension marks this certificate as a CA (RFC 5280 §4.2.1.9), or when it is
    /// a self-issued version 1 certificate, which predates extensions (as OpenSSL's <c>X509_check_ca</c> allows).</summary>
    public bool IsCertificateAuthority
    {
        get
        {
            foreach (X509Extension extension in Certificate.Extensions)
            {
                if (extension.Oid?.Value == BasicConstraintsOid)
                {
                    var constraints = new X509BasicConstraintsExtension();
                    constraints.CopyFrom(extension);
                    return constraints.CertificateAuthority;
                }
            }

            return Certificate.Version == 1 && IsSelfIssued;
        }
    }

    public bool IsValidAt(DateTimeOffset now) =>
        new DateTimeOffset(Certificate.NotBefore) <= now && now <= new DateTimeOffset(Certificate.NotAfter);

    /// <summary>True when <paramref name="key"/> verifies this certificate's signature (RFC 5280 §6.1.3 (a)(1)).</summary>
    public bool IsSignedBy(SubjectPublicKey key)
    {
        if (!_signatureChecks.TryGetValue(key, out bool verified))
        {
            verified = CheckSignature(key);
            _signatureChecks[key] = verified;
        }

        return verified;
    }

    /// <summary>True when the record's association data matches this certificate (RFC 6698 §2.1.2, §2.1.3).</summary>
    public bool Matches(UsableTlsaRecord record)
    {
        ReadOnlySpan<byte> selected;
        if (record.Record.Selector == TlsaSelector.Cert)
        {
            selected = Der;
        }
        else if (Spki is { } spki)
        {
            selected = spki.Span;
        }
        else
        {
            return false;
        }

        ReadOnlySpan<byte> expected = record.Record.CertificateAssociationData.Span;
        return record.Record.MatchingType switch
        {
            TlsaMatchingType.Full => selected.SequenceEqual(expected),
            TlsaMatchingType.Sha256 or TlsaMatchingType.Sha512 => Digest(record.Record.Selector, record.Record.MatchingType, selected).AsSpan().SequenceEqual(expected),
            _ => false,
        };
    }

    private bool CheckSignature(SubjectPublicKey key)
    {
        // Exactly this certificate verified with exactly this key before: the cryptographic answer cannot have changed.
        if (CertificateCryptoCache.Shared.IsKnownSigned(Der, key.Encoded))
        {
            return true;
        }

        bool verified = VerifySignature(key);
        if (verified)
        {
            CertificateCryptoCache.Shared.AddSigned(Der, key.Encoded);
        }

        return verified;
    }

    private bool VerifySignature(SubjectPublicKey key)
    {
        if (!DerCertificate.TryGetSignedParts(Der, out ReadOnlyMemory<byte> tbs, out string algorithm, out byte[] signature))
        {
            return false;
        }

        if (key.TryVerifyWithPlatform(algorithm, tbs.Span, signature) is { } platformVerdict)
        {
            return platformVerdict;
        }

        BcCertificate? parsed = BouncyCastleKeys.TryParseCertificate(Der);
        return parsed is not null && key.BouncyCastle is { } bouncyCastleKey && BouncyCastleKeys.IsSignedBy(parsed, bouncyCastleKey);
    }

    private byte[] Digest(TlsaSelector selector, TlsaMatchingType matchingType, ReadOnlySpan<byte> selected)
    {
        int slot = ((int)selector * 2) + ((int)matchingType - 1);
        return _digests[slot] ??= matchingType == TlsaMatchingType.Sha256 ? SHA256.HashData(selected) : SHA512.HashData(selected);
    }
}
