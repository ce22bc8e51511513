using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using DaneHttp.Http;

namespace DaneHttp.Tests;

/// <summary>An authenticator for transport tests: accepts exactly the certificate expected for each host and port.</summary>
internal sealed class PinnedCertificateAuthenticator(Func<string, int, string?> expectedThumbprint, TimeSpan validity) : IEndpointAuthenticator
{
    private int _connects;
    private int _lookups;
    private int _verifications;

    public int Connects => _connects;

    /// <summary>How often the transport asked for the endpoint's trust data.</summary>
    public int Lookups => _lookups;

    /// <summary>How many certificate checks ran.</summary>
    public int Verifications => _verifications;

    public List<(string Host, int Port)> Endpoints { get; } = [];

    public ValueTask<EndpointTrust> GetTrustAsync(string host, int port, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _lookups);
        return ValueTask.FromResult(new EndpointTrust(host, port, DateTimeOffset.UtcNow + validity, expectedThumbprint(host, port) ?? string.Empty));
    }

    public async ValueTask<Stream> ConnectAsync(string host, int port, EndpointTrust? trust, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _connects);
        lock (Endpoints)
        {
            Endpoints.Add((host, port));
        }

        var client = new TcpClient();
        await client.ConnectAsync(System.Net.IPAddress.Loopback, port, cancellationToken);
        return client.GetStream();
    }

    public object Verify(EndpointTrust trust, X509Certificate2? leaf, X509Chain? chain, SslPolicyErrors errors)
    {
        Interlocked.Increment(ref _verifications);
        string expected = (string)trust.Data;
        return leaf is not null && string.Equals(leaf.Thumbprint, expected, StringComparison.OrdinalIgnoreCase)
            ? $"{trust.Host}:{trust.Port}:{expected}"
            : throw new AuthenticationException($"{trust.Host}:{trust.Port} presented {leaf?.Thumbprint}, expected {expected}.");
    }
}
