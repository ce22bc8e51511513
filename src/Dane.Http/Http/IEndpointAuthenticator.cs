using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace DaneHttp.Http;

/// <summary>
/// What the HTTP transport needs from DANE, split along <see cref="SocketsHttpHandler"/>'s two hooks: an asynchronous
/// step before the handshake (look up the endpoint's TLSA data, connect to validated addresses) and a synchronous
/// certificate check inside the handshake.
/// </summary>
internal interface IEndpointAuthenticator
{
    /// <summary>Gets what authenticates <paramref name="host"/>:<paramref name="port"/> (its TLSA data), from cache or DNS.</summary>
    ValueTask<EndpointTrust> GetTrustAsync(string host, int port, CancellationToken cancellationToken);

    /// <summary>
    /// Opens a TCP connection to the endpoint (validated addresses, Happy Eyeballs). With <paramref name="trust"/> (still
    /// valid data from an earlier <see cref="GetTrustAsync"/>) the addresses it holds may be used instead of a new lookup.
    /// </summary>
    ValueTask<Stream> ConnectAsync(string host, int port, EndpointTrust? trust, CancellationToken cancellationToken);

    /// <summary>Checks the presented chain against <paramref name="trust"/>; returns the evidence or throws an
    /// <see cref="System.Security.Authentication.AuthenticationException"/> that explains the refusal.</summary>
    object Verify(EndpointTrust trust, X509Certificate2? leaf, X509Chain? chain, SslPolicyErrors errors);
}
