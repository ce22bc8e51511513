using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DnsSecure.Iana;
using DnsSecure.Records;

namespace DaneSockets.Tests.Support;

/// <summary>Builds TLSA records for test certificates (independently of the matcher's own DER reading).</summary>
internal static class TlsaRecords
{
    public static TlsaRdata For(X509Certificate2 certificate, TlsaCertificateUsage usage, TlsaSelector selector, TlsaMatchingType matchingType)
    {
        byte[] selected = selector == TlsaSelector.Cert ? certificate.RawData : certificate.PublicKey.ExportSubjectPublicKeyInfo();
        byte[] data = matchingType switch
        {
            TlsaMatchingType.Full => selected,
            TlsaMatchingType.Sha256 => SHA256.HashData(selected),
            TlsaMatchingType.Sha512 => SHA512.HashData(selected),
            _ => throw new ArgumentOutOfRangeException(nameof(matchingType)),
        };
        return new TlsaRdata(usage, selector, matchingType, data);
    }

    public static TlsaRdata Raw(byte usage, byte selector, byte matchingType, byte[] data) =>
        new((TlsaCertificateUsage)usage, (TlsaSelector)selector, (TlsaMatchingType)matchingType, data);
}
