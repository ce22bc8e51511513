using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DnsSecure.Diagnostics;
using Microsoft.Extensions.Logging;

namespace DnsSecure.Transport;

/// <summary>
/// Authenticates a DNS-over-TLS server (RFC 8310 §8): by SPKI pin set when one is configured (RFC 7858 §4.2),
/// otherwise by the platform's chain and host-name checks (or the test hook replacing them).
/// In the strict profile a failure aborts the handshake; in the opportunistic one it is only logged (RFC 8310 §5.2).
/// </summary>
internal sealed class TlsServerAuthenticator(NameServer server, ILogger logger)
{
    /// <summary>The SHA-256 digest of a certificate's DER SubjectPublicKeyInfo: the pin format of RFC 7469 §2.4.</summary>
    public static byte[] ComputeSpkiPin(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo());
    }

    /// <summary>The <see cref="RemoteCertificateValidationCallback"/> for the handshake.</summary>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        bool authenticated = Authenticate(sender, certificate, chain, errors);
        if (authenticated)
        {
            return true;
        }

        if (server.TlsProfile == TlsAuthenticationProfile.DangerousOpportunistic)
        {
            Log.TlsAuthenticationFailed(logger, server.EndPoint, "opportunistic profile: continuing unauthenticated");
            return true;
        }

        Log.TlsAuthenticationFailed(logger, server.EndPoint, server.TlsSpkiPins.IsEmpty ? errors.ToString() : "no certificate matches the SPKI pin set");
        return false;
    }

    private bool Authenticate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            return false;
        }

        if (!server.TlsSpkiPins.IsEmpty)
        {
            // RFC 7858 §4.2: the pin set authenticates the server; a match on any certificate of the presented chain suffices.
            using var leaf = new X509Certificate2(certificate);
            if (MatchesPin(leaf))
            {
                return true;
            }

            if (chain is not null)
            {
                foreach (X509ChainElement element in chain.ChainElements)
                {
                    if (MatchesPin(element.Certificate))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        return server.CertificateValidation is { } custom
            ? custom(sender, certificate, chain, errors)
            : errors == SslPolicyErrors.None;
    }

    private bool MatchesPin(X509Certificate2 certificate)
    {
        byte[] pin = ComputeSpkiPin(certificate);
        foreach (ReadOnlyMemory<byte> expected in server.TlsSpkiPins)
        {
            if (CryptographicOperations.FixedTimeEquals(expected.Span, pin))
            {
                return true;
            }
        }

        return false;
    }
}
