using System.Security.Cryptography.X509Certificates;

namespace DaneSockets.Matching;

/// <summary>Collects the certificates a TLS peer presented, leaf first, in the shape <see cref="DaneVerificationRequest"/> wants.</summary>
public static class PresentedChain
{
    /// <summary>
    /// The peer's chain as seen in a <c>RemoteCertificateValidationCallback</c>: the leaf, then the certificates the peer
    /// sent, which <c>SslStream</c> places in <see cref="X509ChainPolicy.ExtraStore"/>. Certificates the platform added from
    /// its own stores are not included: DANE-TA(2) must not depend on the local trust store (RFC 7671 §5.2).
    /// </summary>
    /// <param name="certificate">The callback's certificate argument (the leaf); null gives an empty chain.</param>
    /// <param name="chain">The callback's chain argument; may be null.</param>
    public static IReadOnlyList<X509Certificate2> FromValidationCallback(X509Certificate? certificate, X509Chain? chain)
    {
        if (certificate is null)
        {
            return [];
        }

        X509Certificate2 leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        var result = new List<X509Certificate2> { leaf };
        if (chain is null)
        {
            return result;
        }

        foreach (X509Certificate2 extra in chain.ChainPolicy.ExtraStore)
        {
            bool seen = false;
            foreach (X509Certificate2 existing in result)
            {
                if (existing.RawDataMemory.Span.SequenceEqual(extra.RawDataMemory.Span))
                {
                    seen = true;
                    break;
                }
            }

            if (!seen)
            {
                result.Add(extra);
            }
        }

        return result;
    }

    /// <summary>Reads a chain from PEM text (leaf first), e.g. a file captured with <c>openssl s_client -showcerts</c>.
    /// Text outside BEGIN/END CERTIFICATE markers is ignored.</summary>
    /// <param name="pem">PEM text with one or more certificates.</param>
    public static IReadOnlyList<X509Certificate2> FromPem(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        var collection = new X509Certificate2Collection();
        collection.ImportFromPem(pem);
        return [.. collection];
    }
}
