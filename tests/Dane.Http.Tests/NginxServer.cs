using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace DaneHttp.Tests;

/// <summary>
/// A real nginx serving HTTPS on 127.0.0.1 with a certificate of the test's choice. Everything (configuration, pid,
/// logs, temp files) lives in a temporary directory; nginx runs in the foreground and is stopped by its process id.
/// </summary>
internal sealed class NginxServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly string _directory;

    private NginxServer(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public const string Body = "served by nginx";

    public static async Task<NginxServer> StartAsync(X509Certificate2 certificate)
    {
        string binary = FindBinary() ?? throw new InvalidOperationException(
            "nginx is not installed: install the Debian package 'nginx' (apt-get install -y nginx; scripts/test.sh installs it).");
        string directory = Directory.CreateTempSubdirectory("dane-nginx-").FullName;
        string certificateFile = Path.Combine(directory, "cert.pem");
        string keyFile = Path.Combine(directory, "key.pem");
        await File.WriteAllTextAsync(certificateFile, certificate.ExportCertificatePem());
        using (var key = certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException("The test certificate has no ECDSA key."))
        {
            await File.WriteAllTextAsync(keyFile, key.ExportPkcs8PrivateKeyPem());
        }

        int port = PickPort();
        string configuration = string.Create(CultureInfo.InvariantCulture, $$"""
            daemon off;
            worker_processes 1;
            pid {{directory}}/nginx.pid;
            error_log {{directory}}/error.log info;
            events { worker_connections 64; }
            http {
                access_log off;
                client_body_temp_path {{directory}}/client_body;
                proxy_temp_path {{directory}}/proxy;
                fastcgi_temp_path {{directory}}/fastcgi;
                uwsgi_temp_path {{directory}}/uwsgi;
                scgi_temp_path {{directory}}/scgi;
                server {
                    listen 127.0.0.1:{{port}} ssl;
                    ssl_certificate {{certificateFile}};
                    ssl_certificate_key {{keyFile}};
                    location / { return 200 "{{Body}}\n"; }
                }
            }
            """);
        string configurationFile = Path.Combine(directory, "nginx.conf");
        await File.WriteAllTextAsync(configurationFile, configuration);

        var start = new ProcessStartInfo(binary)
        {
            ArgumentList = { "-p", directory, "-c", configurationFile, "-e", Path.Combine(directory, "error.log") },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        Process process = Process.Start(start) ?? throw new InvalidOperationException($"{binary} did not start.");
        var server = new NginxServer(process, directory, port);
        try
        {
            await server.WaitUntilListeningAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A worker may still hold a file for a moment; the directory is in the temp area.
        }
    }

    private async Task WaitUntilListeningAsync()
    {
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < StartTimeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"nginx exited with code {_process.ExitCode}: {await _process.StandardError.ReadToEndAsync()} {ReadErrorLog()}");
            }

            using var probe = new Socket(SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await probe.ConnectAsync(new IPEndPoint(IPAddress.Loopback, Port));
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new InvalidOperationException($"nginx did not listen on 127.0.0.1:{Port} within {StartTimeout}: {ReadErrorLog()}");
    }

    private string ReadErrorLog()
    {
        string log = Path.Combine(_directory, "error.log");
        return File.Exists(log) ? File.ReadAllText(log) : string.Empty;
    }

    private static string? FindBinary()
    {
        IEnumerable<string> directories = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Concat(["/usr/sbin", "/usr/local/sbin", "/sbin"]);
        return directories.Select(d => Path.Combine(d, "nginx")).FirstOrDefault(File.Exists);
    }

    private static int PickPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
