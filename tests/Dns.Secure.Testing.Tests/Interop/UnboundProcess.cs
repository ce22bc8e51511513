using System.Net;
using DnsSecure.Records;

namespace DnsSecure.Testing.Tests.Interop;

/// <summary>
/// A validating Unbound on a loopback address, stubbing the given zones to our server, with a trust anchor for each.
/// Root queries are stubbed to our server too, so nothing leaves loopback.
/// </summary>
internal sealed class UnboundProcess : IAsyncDisposable
{
    private readonly ServerProcess _server;

    private UnboundProcess(ServerProcess server) => _server = server;

    public IPEndPoint EndPoint => _server.Endpoint;

    public string Log => _server.ReadFile("unbound.log");

    public static async Task<UnboundProcess> StartAsync(IPEndPoint upstream, IEnumerable<DomainName> zones, IEnumerable<ResourceRecord> trustAnchors)
    {
        string unbound = RequiredTool.Find("unbound", "unbound");
        var scratch = new TempDirectory("unbound-test-");
        string directory = scratch.Path;
        // Its own 127.53.x.y address: no port it picks can collide with a test server on 127.0.0.1.
        var address = new IPAddress([127, 53, (byte)Random.Shared.Next(1, 255), (byte)Random.Shared.Next(1, 255)]);
        int port = LoopbackPort.PickFree(address);
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
        // Started once it accepts TCP on its port; it opens its UDP socket on the same port at the same time.
        return new UnboundProcess(await ServerProcess.StartAsync(unbound, ["-d", "-c", configPath], scratch, [new IPEndPoint(address, port)]));
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
