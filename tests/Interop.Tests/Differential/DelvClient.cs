using System.Net;
using System.Text;
using DnsSecure.Dnssec;
using DnsSecure.Interop.Tests.Support;

namespace DnsSecure.Interop.Tests.Differential;

/// <summary>BIND's <c>delv</c> (Debian package bind9-dnsutils) as a second reference validator, with a private root anchor.</summary>
public sealed class DelvClient
{
    private readonly string _delv;
    private readonly string _anchorFile;
    private readonly IPEndPoint _server;

    private DelvClient(string delv, string anchorFile, IPEndPoint server)
    {
        _delv = delv;
        _anchorFile = anchorFile;
        _server = server;
    }

    /// <summary>A delv that asks the recursive server <paramref name="server"/> and validates from <paramref name="rootKsk"/> (a DNSKEY record).</summary>
    public static DelvClient Create(TempDirectory dir, IPEndPoint server, string rootKsk)
    {
        string delv = RequiredTool.Find("delv", "bind9-dnsutils");
        string[] fields = rootKsk.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        int at = Array.IndexOf(fields, "DNSKEY");
        string key = string.Concat(fields.Skip(at + 4)).Trim('(', ')');
        string anchorFile = dir.File("delv-anchor.conf");
        File.WriteAllText(anchorFile, $"trust-anchors {{ \".\" static-key {fields[at + 1]} {fields[at + 2]} {fields[at + 3]} \"{key}\"; }};\n", Encoding.ASCII);
        return new DelvClient(delv, anchorFile, server);
    }

    /// <summary>delv's verdict for one question, and its output.</summary>
    public async Task<(DnssecStatus Status, string Output)> QueryAsync(string name, RecordType type)
    {
        (int _, string output) = await ExternalProcess.RunAsync(_delv,
            [$"@{_server.Address}", "-p", _server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-a", _anchorFile, "+root=.", name, type.ToText()],
            TimeSpan.FromSeconds(30));
        // delv prints one verdict per RRset of a CNAME chain ("; fully validated", "; unsigned answer") and
        // ";; resolution failed: ..." when validation fails ("ncache nxdomain/nxrrset" is only a negative answer): the worst counts.
        var failures = output.Split('\n').Where(l => l.StartsWith(";; resolution failed:", StringComparison.Ordinal) && !l.Contains("ncache", StringComparison.Ordinal));
        DnssecStatus status = failures.Any() || output.Contains("validation fail", StringComparison.Ordinal) ? DnssecStatus.Bogus
            : output.Contains("unsigned answer", StringComparison.Ordinal) ? DnssecStatus.Insecure
            : output.Contains("fully validated", StringComparison.Ordinal) ? DnssecStatus.Secure
            : DnssecStatus.Indeterminate;
        return (status, output);
    }
}
