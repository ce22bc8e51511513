using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DaneSockets.Matching;

/// <summary>
/// Server identity check of RFC 6125 §6 against DNS-ID reference identifiers: subjectAltName dNSName entries, or the
/// subject CN only when the certificate has no dNSName (RFC 6125 §6.4.4). Wildcards only as the whole left-most label,
/// matching exactly one label (RFC 6125 §6.4.3; no partial-label wildcards, as Postfix configures OpenSSL).
/// </summary>
internal static class HostNameMatcher
{
    private const string SubjectAltNameOid = "2.5.29.17";
    private const string CommonNameOid = "2.5.4.3";

    public static bool Matches(X509Certificate2 certificate, IReadOnlyList<string> referenceNames)
    {
        if (referenceNames.Count == 0)
        {
            return false;
        }

        List<string> presented = GetPresentedNames(certificate);
        foreach (string reference in referenceNames)
        {
            string normalizedReference = Normalize(reference);
            if (normalizedReference.Length == 0 || normalizedReference.Contains('*', StringComparison.Ordinal))
            {
                continue;
            }

            foreach (string name in presented)
            {
                if (MatchesPattern(Normalize(name), normalizedReference))
                {
                    return true;
                }
            }
        }

        return false;
    }

    internal static bool MatchesPattern(string pattern, string reference)
    {
        if (pattern.Length == 0)
        {
            return false;
        }

        if (pattern.StartsWith("*.", StringComparison.Ordinal))
        {
            // RFC 6125 §6.4.3: the wildcard stands for exactly one whole left-most label; require at least two labels
            // after it so that "*.com" names nothing (RFC 6125 §7.2).
            string suffix = pattern[2..];
            if (suffix.Contains('*', StringComparison.Ordinal) || !suffix.Contains('.', StringComparison.Ordinal))
            {
                return false;
            }

            int dot = reference.IndexOf('.', StringComparison.Ordinal);
            return dot > 0 && string.Equals(reference[(dot + 1)..], suffix, StringComparison.Ordinal);
        }

        // Partial-label wildcards ("w*.example.com") are not honoured (RFC 6125 §6.4.3 makes them optional).
        return !pattern.Contains('*', StringComparison.Ordinal) && string.Equals(pattern, reference, StringComparison.Ordinal);
    }

    private static string Normalize(string name) => name.Trim().TrimEnd('.').ToLowerInvariant();

    private static List<string> GetPresentedNames(X509Certificate2 certificate)
    {
        var dnsNames = new List<string>();
        foreach (X509Extension extension in certificate.Extensions)
        {
            if (extension.Oid?.Value != SubjectAltNameOid)
            {
                continue;
            }

            try
            {
                var san = new X509SubjectAlternativeNameExtension(extension.RawData, extension.Critical);
                dnsNames.AddRange(san.EnumerateDnsNames());
            }
            catch (CryptographicException)
            {
                // A malformed subjectAltName names nothing.
                return dnsNames;
            }
        }

        if (dnsNames.Count > 0)
        {
            return dnsNames;
        }

        // RFC 6125 §6.4.4: fall back to the CN only when there is no dNSName.
        try
        {
            foreach (X500RelativeDistinguishedName rdn in certificate.SubjectName.EnumerateRelativeDistinguishedNames())
            {
                if (!rdn.HasMultipleElements && rdn.GetSingleElementType().Value == CommonNameOid && rdn.GetSingleElementValue() is { } cn)
                {
                    dnsNames.Add(cn);
                }
            }
        }
        catch (CryptographicException)
        {
            dnsNames.Clear();
        }

        return dnsNames;
    }
}
