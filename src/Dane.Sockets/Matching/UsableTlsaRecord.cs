using DnsSecure.Iana;
using DnsSecure.Records;

namespace DaneSockets.Matching;

/// <summary>A TLSA record that passed the usability checks of RFC 7671 §4.1, with its Full(0) content decoded.</summary>
internal sealed class UsableTlsaRecord : IDisposable
{
    public UsableTlsaRecord(int index, TlsaRdata record, CertificateEntry? fullCertificate, SubjectPublicKey? fullKey)
    {
        Index = index;
        Record = record;
        FullCertificate = fullCertificate;
        FullKey = fullKey;
    }

    /// <summary>Position in the request.</summary>
    public int Index { get; }

    public TlsaRdata Record { get; }

    public TlsaCertificateUsage Usage => Record.Usage;

    /// <summary>The certificate of a Cert(0) Full(0) record.</summary>
    public CertificateEntry? FullCertificate { get; }

    /// <summary>The key of an SPKI(1) Full(0) record.</summary>
    public SubjectPublicKey? FullKey { get; }

    /// <summary>Digest strength order for RFC 7671 §9 agility: SHA2-512 above SHA2-256 (OpenSSL's default order);
    /// Full(0) is never displaced by a digest.</summary>
    public int DigestOrdinal => DigestOrdinalOf(Record.MatchingType);

    public void Dispose()
    {
        FullKey?.Dispose();
    }

    public static int DigestOrdinalOf(TlsaMatchingType matchingType) => matchingType switch
    {
        TlsaMatchingType.Sha512 => 2,
        TlsaMatchingType.Sha256 => 1,
        _ => 0,
    };
}
