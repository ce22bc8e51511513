using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DnsSecure.Iana;
using Org.BouncyCastle.Crypto;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace DaneSockets.Matching;

/// <summary>One certificate under examination, with the selected content (RFC 6698 §2.1.2) and its digests cached.</summary>
internal sealed class CertificateEntry
{
    private const string BasicConstraintsOid = "2.5.29.19";

    private readonly byte[]?[] _digests = new byte[]?[4];
    private BcCertificate? _bouncyCastle;
    private AsymmetricKeyParameter? _publicKey;
    private bool _parsed;

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

    /// <summary>The public key, or null when it cannot be decoded.</summary>
    public AsymmetricKeyParameter? PublicKey
    {
        get
        {
            EnsureParsed();
            return _publicKey;
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

    /// <summary>True when <paramref name="key"/> verifies this certificate's signature.</summary>
    public bool IsSignedBy(AsymmetricKeyParameter key)
    {
        EnsureParsed();
        return _bouncyCastle is not null && BouncyCastleKeys.IsSignedBy(_bouncyCastle, key);
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

    private byte[] Digest(TlsaSelector selector, TlsaMatchingType matchingType, ReadOnlySpan<byte> selected)
    {
        int slot = ((int)selector * 2) + ((int)matchingType - 1);
        return _digests[slot] ??= matchingType == TlsaMatchingType.Sha256 ? SHA256.HashData(selected) : SHA512.HashData(selected);
    }

    private void EnsureParsed()
    {
        if (_parsed)
        {
            return;
        }

        _parsed = true;
        _bouncyCastle = BouncyCastleKeys.TryParseCertificate(Der);
        _publicKey = _bouncyCastle is null ? null : BouncyCastleKeys.TryGetPublicKey(_bouncyCastle);
    }
}
