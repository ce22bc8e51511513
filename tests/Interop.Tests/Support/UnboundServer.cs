using System.Net;
using System.Text;

namespace DnsSecure.Interop.Tests.Support;

/// <summary>
/// Unbound (Debian package unbound) on a loopback address and port of its own, validating with a private trust anchor
/// and iterating from a private root through a stub zone (root hints carry no port).
/// </summary>
public sealed class UnboundServer : IAsyncDisposable
{
    private readonly ServerProcess _server;

    private UnboundServer(ServerProcess server) => _server = server;

    public IPEndPoint Endpoint => _server.Endpoint;

    public string Output => _server.Output;

    /// <summary>The Unbound process id (for CPU time from /proc in benchmarks).</summary>
    public int ProcessId => _server.ProcessId;

    /// <summary>Starts Unbound. <paramref name="trustAnchors"/> are DS or DNSKEY records in presentation format; none → no validation anchor.</summary>
    /// <param name="verbosity">Unbound's log level; 3 logs every query sent to an authoritative server ("sending to target").</param>
    /// <param name="rootHints">When given, Unbound iterates from these root server addresses (port 53, as root hints
    /// carry no port) through every referral, instead of the stub zones pointing at <paramref name="root"/>.</param>
    public static async Task<UnboundServer> StartAsync(IPEndPoint root, IEnumerable<string> trustAnchors, bool validating = true, IPAddress? address = null, IEnumerable<string>? stubZones = null, IReadOnlyList<IPAddress>? rootHints = null, int verbosity = 1)
    {
        string unbound = RequiredTool.Find("unbound", "unbound");
        address ??= IPAddress.Loopback;
        int port = LoopbackPort.PickFree(address);
        var dir = new TempDirectory();
        string anchorFile = dir.File("anchors");
        await File.WriteAllLinesAsync(anchorFile, trustAnchors);
        var conf = new StringBuilder();
        conf.AppendLine("server:");
        conf.AppendLine($"  interface: {address}@{port}");
        conf.AppendLine($"  port: {port}");
        conf.AppendLine("  do-daemonize: no");
        conf.AppendLine("  username: \"\"");
        conf.AppendLine("  chroot: \"\"");
        conf.AppendLine($"  directory: \"{dir.Path}\"");
        conf.AppendLine("  pidfile: \"\"");
        conf.AppendLine("  use-syslog: no");
        conf.AppendLine("  logfile: \"\"");
        conf.AppendLine($"  verbosity: {verbosity}");
        conf.AppendLine("  val-log-level: 2");
        conf.AppendLine("  ede: yes");
        conf.AppendLine("  num-threads: 1");
        conf.AppendLine("  do-ip6: no");
        conf.AppendLine("  so-reuseport: no");
        conf.AppendLine("  access-control: 127.0.0.0/8 allow");
        conf.AppendLine("  do-not-query-localhost: no");
        conf.AppendLine("  qname-minimisation: no");
        conf.AppendLine("  trust-anchor-signaling: no");
        conf.AppendLine("  root-key-sentinel: no");
        conf.AppendLine($"  module-config: \"{(validating ? "validator iterator" : "iterator")}\"");
        if (validating)
        {
            conf.AppendLine($"  trust-anchor-file: \"{anchorFile}\"");
        }

        if (rootHints is not null)
        {
            string hintsFile = dir.File("root.hints");
            await File.WriteAllLinesAsync(hintsFile, rootHints.SelectMany((a, i) => new[] { $". 3600000 IN NS root{i}.hint.", $"root{i}.hint. 3600000 IN A {a}" }));
            conf.AppendLine($"  root-hints: \"{hintsFile}\"");
        }

        conf.AppendLine("remote-control:");
        conf.AppendLine("  control-enable: no");
        // Root hints carry no port, so every zone the test serves is a stub zone pointing at the test's server.
        foreach (string zone in rootHints is not null ? [] : new[] { "." }.Concat(stubZones ?? []).Distinct())
        {
            conf.AppendLine("stub-zone:");
            conf.AppendLine($"  name: \"{zone}\"");
            conf.AppendLine($"  stub-addr: {root.Address}@{root.Port}");
        }

        string confPath = dir.File("unbound.conf");
        await File.WriteAllTextAsync(confPath, conf.ToString());
        return new UnboundServer(await ServerProcess.StartAsync(unbound, ["-d", "-c", confPath], dir, [new IPEndPoint(address, port)]));
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
