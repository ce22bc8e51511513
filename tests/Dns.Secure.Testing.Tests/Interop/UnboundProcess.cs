using System.Diagnostics;
using System.Net;
using DnsSecure.Records;

namespace DnsSecure.Testing.Tests.Interop;

/// <summary>
/// A validating Unbound on a loopback address, stubbing the given zones to our server, with a trust anchor for each.
/// Root queries are stubbed to our server too, so nothing leaves loopback.
/// </summary>
internal sealed class UnboundProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private UnboundProcess(Process process, string directory, IPEndPoint endPoint)
    {
        _process = process;
        _directory = directory;
        EndPoint = endPoint;
    }

    public IPEndPoint EndPoint { get; }

    public string Log => File.Exists(Path.Combine(_directory, "unbound.log")) ? File.ReadAllText(Path.Combine(_directory, "unbound.log")) : string.Empty;

    public static async Task<UnboundProcess> StartAsync(IPEndPoint upstream, IEnumerable<DomainName> zones, IEnumerable<ResourceRecord> trustAnchors)
    {
        string unbound = ExternalTool.Require("unbound", "unbound");
        string directory = Directory.CreateTempSubdirectory("unbound-test-").FullName;
        var address = IPAddress.Loopback;
        int port = ExternalTool.FreePort(address);
        var config = new System.Text.StringBuilder();
        config.AppendLine("server:");
        config.AppendLine($"  interface: {address}@{port}");
        config.AppendLine("  do-daemonize: no");
        config.AppendLine("  username: \"\"");
        config.AppendLine("  chroot: \"\"");
        config.AppendLine($"  directory: \"{directory}\"");
        config.AppendLine("  pidfile: \"\"");
        config.AppendLine("  use-syslog: no");
        config.AppendLine($"  logfile: \"{Path.Combine(directory, "unbound.log")}\"");
        config.AppendLine("  verbosity: 1");
        config.AppendLine("  val-log-level: 2");
        config.AppendLine("  do-ip6: no");
        config.AppendLine("  do-not-query-localhost: no");
        config.AppendLine("  access-control: 127.0.0.0/8 allow");
        config.AppendLine("  module-config: \"validator iterator\"");
        config.AppendLine("  trust-anchor-signaling: no");
        config.AppendLine("  root-key-sentinel: no");
        config.AppendLine("  qname-minimisation: no");
        config.AppendLine("  harden-referral-path: no");
        config.AppendLine("  target-fetch-policy: \"0 0 0 0 0\"");
        foreach (ResourceRecord anchor in trustAnchors)
        {
            config.AppendLine($"  trust-anchor: \"{anchor.Name} {anchor.Type.ToText()} {anchor.Data}\"");
        }

        config.AppendLine("remote-control:");
        config.AppendLine("  control-enable: no");
        foreach (DomainName zone in zones.Append(DomainName.Root).Distinct())
        {
            config.AppendLine("stub-zone:");
            config.AppendLine($"  name: \"{zone}\"");
            config.AppendLine($"  stub-addr: {upstream.Address}@{upstream.Port}");
        }

        string configPath = Path.Combine(directory, "unbound.conf");
        await File.WriteAllTextAsync(configPath, config.ToString());
        var info = new ProcessStartInfo(unbound) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        info.ArgumentList.Add("-d");
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(configPath);
        Process process = Process.Start(info)!;
        var started = new UnboundProcess(process, directory, new IPEndPoint(address, port));
        await started.WaitUntilAnsweringAsync();
        return started;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task WaitUntilAnsweringAsync()
    {
        DnsMessage probe = DnsTestClient.Query("localhost.", RecordType.A);
        for (int i = 0; i < 100; i++)
        {
            if (_process.HasExited)
            {
                Assert.Fail($"unbound exited with {_process.ExitCode}: {await _process.StandardError.ReadToEndAsync()} {Log}");
            }

            if (await DnsTestClient.UdpRawAsync(EndPoint, probe.Encode(), TimeSpan.FromMilliseconds(200)) is not null)
            {
                return;
            }

            // Refused (nobody listening yet) comes back at once: pace the retries.
            await Task.Delay(100);
        }

        Assert.Fail($"unbound did not answer on {EndPoint}: {Log}");
    }
}
