using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DaneHttp.Tests;

/// <summary>A real Kestrel HTTPS server on 127.0.0.1 with a port of its own (HTTP/1.1 and HTTP/2).</summary>
internal sealed class KestrelHttpsServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private KestrelHttpsServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public int ConnectionCount => _connections;

    private int _connections;

    /// <summary>Starts the server with <paramref name="certificate"/>; with <paramref name="chain"/> it also sends those
    /// certificates (HTTP/1.1 only then), and never completes its chain from the network (an offline certificate context:
    /// the tests count issuer downloads, and only the client's may show).</summary>
    public static async Task<KestrelHttpsServer> StartAsync(X509Certificate2 certificate, Action<WebApplication>? map = null, X509Certificate2Collection? chain = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        KestrelHttpsServer? self = null;
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (chain is null)
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(certificate);
            }
            else
            {
                listen.Protocols = HttpProtocols.Http1;
                SslStreamCertificateContext context = SslStreamCertificateContext.Create(certificate, chain, offline: true);
                listen.UseHttps(new TlsHandshakeCallbackOptions
                {
                    OnConnection = _ => ValueTask.FromResult(new SslServerAuthenticationOptions
                    {
                        ServerCertificateContext = context,
                        ApplicationProtocols = [SslApplicationProtocol.Http11],
                    }),
                });
            }

            listen.Use(next => async context =>
            {
                if (self is not null)
                {
                    Interlocked.Increment(ref self._connections);
                }

                await next(context);
            });
        }));
        WebApplication app = builder.Build();
        if (map is null)
        {
            app.MapGet("/", (HttpContext c) => $"hello over {c.Request.Protocol} on port {c.Connection.LocalPort}");
        }
        else
        {
            map(app);
        }

        await app.StartAsync();
        int port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        self = new KestrelHttpsServer(app, port);
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
