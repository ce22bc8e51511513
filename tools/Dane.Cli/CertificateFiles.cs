using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DaneCli;

/// <summary>Reads certificates from PEM (one or more, leaf first) or DER files.</summary>
internal static class CertificateFiles
{
    public static List<X509Certificate2> Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read {path}: {e.Message}", e);
        }

        try
        {
            string text = System.Text.Encoding.ASCII.GetString(bytes);
            if (text.Contains("-----BEGIN", StringComparison.Ordinal))
            {
                var collection = new X509Certificate2Collection();
                collection.ImportFromPem(text);
                if (collection.Count == 0)
                {
                    throw new CliException($"{path} holds no PEM certificate");
                }

                return [.. collection];
            }

            return [X509CertificateLoader.LoadCertificate(bytes)];
        }
        catch (CryptographicException e)
        {
            throw new CliException($"{path} is not a certificate: {e.Message}", e);
        }
    }
}
