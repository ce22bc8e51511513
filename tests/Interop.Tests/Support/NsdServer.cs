using System.Net;
using System.Text;

namespace DnsSecure.Interop.Tests.Support;

/// <summary>NSD (Debian package nsd) serving zone files on a loopback address and a port of its own.</summary>
public sealed class NsdServer : IAsyncDisposable
{
    private readonly ServerProcess _server;

    private NsdServer(ServerProcess server) => _server = server;

    public IPEndPoint Endpoint => _server.Endpoint;

    public string Output => _server.Output + _server.ReadFile("nsd.log");

    /// <summary>Starts NSD serving each (origin, zone file path), on <paramref name="port"/> or a free one.</summary>
    public static async Task<NsdServer> StartAsync(IEnumerable<(string Origin, string ZoneFile)> zones, IPAddress? address = null, int? port = null)
    {
        string nsd = RequiredTool.Find("nsd", "nsd");
        address ??= IPAddress.Loopback;
        int listenPort = port ?? LoopbackPort.PickFree(address);
        var dir = new TempDirectory();
        var conf = new StringBuilder();
        conf.AppendLine("server:");
        conf.AppendLine($"  ip-address: {address}@{listenPort}");
        conf.AppendLine($"  port: {listenPort}");
        conf.AppendLine("  do-ip6: no");
        conf.AppendLine("  username: \"\"");
        conf.AppendLine("  chroot: \"\"");
        conf.AppendLine($"  zonesdir: \"{dir.Path}\"");
        conf.AppendLine("  database: \"\"");
        conf.AppendLine($"  pidfile: \"{dir.File("nsd.pid")}\"");
        conf.AppendLine($"  xfrdfile: \"{dir.File("xfrd.state")}\"");
        conf.AppendLine($"  zonelistfile: \"{dir.File("zone.list")}\"");
        conf.AppendLine($"  logfile: \"{dir.File("nsd.log")}\"");
        conf.AppendLine("  server-count: 1");
        // Debian builds NSD with response rate limiting (200 identical answers/s per source): tests repeat the same
        // questions from one loopback address much faster than that, so it is switched off.
        conf.AppendLine("  rrl-ratelimit: 0");
        conf.AppendLine("  verbosity: 1");
        conf.AppendLine("remote-control:");
        conf.AppendLine("  control-enable: no");
        int i = 0;
        foreach ((string origin, string zoneFile) in zones)
        {
            string copy = dir.File($"zone{i++}.db");
            File.Copy(zoneFile, copy);
            conf.AppendLine("zone:");
            conf.AppendLine($"  name: \"{origin}\"");
            conf.AppendLine($"  zonefile: \"{copy}\"");
        }

        string confPath = dir.File("nsd.conf");
        await File.WriteAllTextAsync(confPath, conf.ToString());
        return new NsdServer(await ServerProcess.StartAsync(nsd, ["-d", "-c", confPath], dir, [new IPEndPoint(address, listenPort)]));
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
