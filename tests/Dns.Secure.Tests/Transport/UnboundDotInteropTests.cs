using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DnsSecure.Records;
using DnsSecure.Resolution;
using DnsSecure.Tests.TestSupport;
using DnsSecure.Transport;

namespace DnsSecure.Tests.Transport;

/// <summary>
/// DNS over TLS against a real Unbound (package <c>unbound</c>) on a private 127.x address, answering from
/// <c>local-data</c> and forwarding nothing.
/// </summary>
[Collection(NetworkLoadCollection.Name)]
public sealed class UnboundDotInteropTests
{
    private const string UnboundPath = "/usr/sbin/unbound";
    private const string HostName = "dot.unbound.test";

    [Fact]
    public async Task Dot_RealUnbound_AnswersWithSpkiPinAndHostNameAuthentication()
    {
        Assert.True(File.Exists(UnboundPath), "unbound is not installed: apt-get install -y unbound");
        using X509Certificate2 certificate = TestCertificates.SelfSigned(HostName);
        await using var unbound = await UnboundProcess.StartAsync(certificate);

        byte[] pin = SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo());
        NameServer pinned = NameServer.Tls(unbound.Address, HostName, unbound.Port) with { TlsSpkiPins = [pin] };
        NameServer named = NameServer.Tls(unbound.Address, HostName, unbound.Port) with { CertificateValidation = TestCertificates.TrustOnly(certificate) };
        NameServer wrongPin = NameServer.Tls(unbound.Address, HostName, unbound.Port) with { TlsSpkiPins = [RandomNumberGenerator.GetBytes(32)] };

        foreach (NameServer server in new[] { pinned, named })
        {
            await using StubResolver resolver = Resolver(server);
            LookupResult a = await resolver.LookupAsync(DomainName.Parse("www.example.test."), RecordType.A);
            LookupResult txt = await resolver.LookupAsync(DomainName.Parse("www.example.test."), RecordType.TXT);
            LookupResult missing = await resolver.LookupAsync(DomainName.Parse("nope.example.test."), RecordType.A);

            Assert.Equal(LookupStatus.Success, a.Status);
            Assert.Equal(DnsTransportProtocol.Tls, a.Transport);
            Assert.Equal(IPAddress.Parse("192.0.2.7"), ((ARdata)Assert.Single(a.Response!.Answers).Data).Address);
            Assert.Equal(RecordType.TXT, Assert.Single(txt.AnswerRrsets).Type);
            Assert.Equal(ResponseCode.NXDomain, missing.ResponseCode);
            Assert.Equal(1, resolver.StreamConnectionsOpened);
        }

        await using StubResolver refused = Resolver(wrongPin);
        Assert.Equal(LookupStatus.TlsAuthenticationFailed, (await refused.LookupAsync(DomainName.Parse("www.example.test."), RecordType.A)).Status);
    }

    private static StubResolver Resolver(NameServer server) => Resolution.StubResolverTests.Build(o =>
    {
        o.Servers.Add(server);
        o.Timeout = TimeSpan.FromSeconds(10);
    });

    private sealed class UnboundProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly string _directory;

        private UnboundProcess(Process process, string directory, IPAddress address, int port)
        {
            _process = process;
            _directory = directory;
            Address = address;
            Port = port;
        }

        public IPAddress Address { get; }

        public int Port { get; }

        public static async Task<UnboundProcess> StartAsync(X509Certificate2 certificate)
        {
            var address = new IPAddress([127, 53, (byte)RandomNumberGenerator.GetInt32(1, 255), (byte)RandomNumberGenerator.GetInt32(1, 255)]);
            int port = FreeTcpPort(address);
            string directory = Directory.CreateTempSubdirectory("dns-secure-unbound-").FullName;
            string key = Path.Combine(directory, "server.key"), pem = Path.Combine(directory, "server.pem");
            using (ECDsa ecdsa = certificate.GetECDsaPrivateKey()!)
            {
                File.WriteAllText(key, ecdsa.ExportPkcs8PrivateKeyPem());
            }

            File.WriteAllText(pem, certificate.ExportCertificatePem());
            string config = Path.Combine(directory, "unbound.conf");
            File.WriteAllText(config, $"""
                server:
                    interface: {address}@{port}
                    tls-port: {port}
                    tls-service-key: "{key}"
                    tls-service-pem: "{pem}"
                    port: {port}
                    do-ip6: no
                    do-udp: no
                    num-threads: 1
                    so-reuseport: no
                    username: ""
                    chroot: ""
                    directory: "{directory}"
                    pidfile: "{Path.Combine(directory, "unbound.pid")}"
                    use-syslog: no
                    logfile: ""
                    verbosity: 1
                    do-daemonize: no
                    access-control: 127.0.0.0/8 allow
                    module-config: "iterator"
                    local-zone: "example.test." static
                    local-data: "www.example.test. 300 IN A 192.0.2.7"
                    local-data: "www.example.test. 300 IN TXT \"served by unbound over TLS\""
                remote-control:
                    control-enable: no
                """);
            var psi = new ProcessStartInfo(UnboundPath, ["-d", "-c", config])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            Process process = Process.Start(psi) ?? throw new InvalidOperationException("unbound did not start");
            var unbound = new UnboundProcess(process, directory, address, port);
            for (int i = 0; i < 100; i++)
            {
                if (process.HasExited)
                {
                    string error = await process.StandardError.ReadToEndAsync();
                    await unbound.DisposeAsync();
                    throw new InvalidOperationException($"unbound exited with {process.ExitCode}: {error}");
                }

                try
                {
                    using var probe = new TcpClient();
                    await probe.ConnectAsync(address, port);
                    return unbound;
                }
                catch (SocketException)
                {
                    await Task.Delay(100);
                }
            }

            await unbound.DisposeAsync();
            throw new InvalidOperationException($"unbound did not listen on {address}:{port}");
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(); // only the process this test started, by its handle
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
            Directory.Delete(_directory, recursive: true);
        }

        private static int FreeTcpPort(IPAddress address)
        {
            var listener = new TcpListener(address, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }
    }
}
