using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DnsSecure;
using DnsSecure.Iana;
using DnsSecure.Records;
using DnsSecure.Text;

namespace DaneCli;

/// <summary>TLSA records: computing them from a certificate, parsing them from the command line and naming their fields.</summary>
internal static class TlsaText
{
    // RFC 6698 §2.1: the selected data (full certificate or SubjectPublicKeyInfo), hashed by the matching type.
    public static TlsaRdata FromCertificate(X509Certificate2 certificate, TlsaCertificateUsage usage, TlsaSelector selector, TlsaMatchingType matchingType)
    {
        byte[] selected = selector switch
        {
            TlsaSelector.Cert => certificate.RawData,
            TlsaSelector.Spki => certificate.PublicKey.ExportSubjectPublicKeyInfo(),
            _ => throw new CliException($"selector {(byte)selector} is not 0 (Cert) or 1 (SPKI)"),
        };
        byte[] association = matchingType switch
        {
            TlsaMatchingType.Full => selected,
            TlsaMatchingType.Sha256 => SHA256.HashData(selected),
            TlsaMatchingType.Sha512 => SHA512.HashData(selected),
            _ => throw new CliException($"matching type {(byte)matchingType} is not 0 (Full), 1 (SHA2-256) or 2 (SHA2-512)"),
        };
        return new TlsaRdata(usage, selector, matchingType, association);
    }

    /// <summary>The RDATA in presentation form: <c>3 1 1 HEX</c> (RFC 6698 §2.2), hex in upper case.</summary>
    public static string Format(TlsaRdata tlsa) => string.Create(CultureInfo.InvariantCulture,
        $"{(byte)tlsa.Usage} {(byte)tlsa.Selector} {(byte)tlsa.MatchingType} {Convert.ToHexString(tlsa.CertificateAssociationData.Span)}");

    /// <summary>Parses <c>3 1 1 HEX</c> or a whole record line <c>_443._tcp.host. IN TLSA 3 1 1 HEX</c>.</summary>
    public static TlsaRdata Parse(string text)
    {
        string trimmed = text.Trim();
        string line = trimmed.Length > 0 && char.IsAsciiDigit(trimmed[0]) ? ". IN TLSA " + trimmed : trimmed;
        try
        {
            ResourceRecord record = ResourceRecord.Parse(line);
            return record.Data as TlsaRdata ?? throw new CliException($"not a TLSA record: {text}");
        }
        catch (DnsSecure.Wire.DnsFormatException e)
        {
            throw new CliException($"cannot parse TLSA record '{text}': {e.Message}", e);
        }
    }

    /// <summary>Reads TLSA records from a file: one per line, RDATA only or whole records; blank lines and ; comments skipped.</summary>
    public static List<TlsaRdata> ReadFile(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read {path}: {e.Message}", e);
        }

        var result = new List<TlsaRdata>();
        foreach (string raw in lines)
        {
            int comment = raw.IndexOf(';', StringComparison.Ordinal);
            string line = (comment >= 0 ? raw[..comment] : raw).Trim();
            if (line.Length > 0)
            {
                result.Add(Parse(line));
            }
        }

        return result;
    }

    // RFC 7218 §2.1-2.3: the acronyms for the TLSA fields.
    public static string UsageName(TlsaCertificateUsage usage) => usage switch
    {
        TlsaCertificateUsage.PkixTa => "PKIX-TA",
        TlsaCertificateUsage.PkixEe => "PKIX-EE",
        TlsaCertificateUsage.DaneTa => "DANE-TA",
        TlsaCertificateUsage.DaneEe => "DANE-EE",
        TlsaCertificateUsage.PrivCert => "PrivCert",
        _ => ((byte)usage).ToString(CultureInfo.InvariantCulture),
    };

    public static string SelectorName(TlsaSelector selector) => selector switch
    {
        TlsaSelector.Cert => "Cert",
        TlsaSelector.Spki => "SPKI",
        TlsaSelector.PrivSel => "PrivSel",
        _ => ((byte)selector).ToString(CultureInfo.InvariantCulture),
    };

    public static string MatchingTypeName(TlsaMatchingType matchingType) => matchingType switch
    {
        TlsaMatchingType.Full => "Full",
        TlsaMatchingType.Sha256 => "SHA2-256",
        TlsaMatchingType.Sha512 => "SHA2-512",
        TlsaMatchingType.PrivMatch => "PrivMatch",
        _ => ((byte)matchingType).ToString(CultureInfo.InvariantCulture),
    };
}
