using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace DaneTesting;

/// <summary>
/// A real nginx (Debian package nginx) serving HTTPS on 127.0.0.1 with a certificate of the test's choice. Everything
/// (configuration, pid, temp files) lives in a temporary directory and its log goes to stderr (in a start-up failure's
/// message); nginx runs in the foreground and exactly that process is stopped on dispose.
/// </summary>
public sealed class NginxServer : IAsyncDisposable
{
    /// <summary>What every request is answered with (followed by a newline).</summary>
    public const string Body = "served by nginx";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);

    private readonly ServerProcess _server;

    private NginxServer(ServerProcess server) => _server = server;

    public int Port => _server.Endpoint.Port;

    public static async Task<NginxServer> StartAsync(X509Certificate2 certificate)
    {
        string binary = RequiredTool.Find("nginx", "nginx");
        var directory = new TempDirectory("dane-nginx-");
        string certificateFile = directory.Write("cert.pem", certificate.ExportCertificatePem());
        string keyFile;
        using (var key = certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException("The test certificate has no ECDSA key."))
        {
            keyFile = directory.Write("key.pem", key.ExportPkcs8PrivateKeyPem());
        }

        int port = LoopbackPort.PickFree(IPAddress.Loopback);
        string dir = directory.Path;
        string configurationFile = directory.Write("nginx.conf", string.Create(CultureInfo.InvariantCulture, $$"""
            daemon off;
            worker_processes 1;
            pid {{dir}}/nginx.pid;
            error_log stderr info;
            events { worker_connections 64; }
            http {
                access_log off;
                client_body_temp_path {{dir}}/client_body;
                proxy_temp_path {{dir}}/proxy;
                fastcgi_temp_path {{dir}}/fastcgi;
                uwsgi_temp_path {{dir}}/uwsgi;
                scgi_temp_path {{dir}}/scgi;
                server {
                    listen 127.0.0.1:{{port}} ssl;
                    ssl_certificate {{certificateFile}};
                    ssl_certificate_key {{keyFile}};
                    location / { return 200 "{{Body}}\n"; }
                }
            }
            """));

        ServerProcess server = await ServerProcess.StartAsync(
            binary, ["-p", dir, "-c", configurationFile, "-e", "stderr"], directory, [new IPEndPoint(IPAddress.Loopback, port)], StartTimeout);
        return new NginxServer(server);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
