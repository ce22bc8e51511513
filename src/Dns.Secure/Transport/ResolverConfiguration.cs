using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace DnsSecure.Transport;

/// <summary>
/// The system's stub-resolver configuration, as <c>/etc/resolv.conf</c> states it (resolv.conf(5)):
/// name servers, the search list, and the <c>options</c> the resolver honours. Immutable.
/// </summary>
public sealed record ResolverConfiguration
{
    /// <summary>The default path of the configuration file on Unix-like systems.</summary>
    public const string DefaultPath = "/etc/resolv.conf";

    /// <summary>glibc reads at most this many <c>nameserver</c> lines (MAXNS, resolv.conf(5)).</summary>
    public const int MaxNameServers = 3;

    /// <summary>The name servers, in file order; port 53.</summary>
    public ImmutableArray<IPEndPoint> NameServers { get; init; } = [];

    /// <summary>The search list (<c>search</c>, or the single <c>domain</c>).</summary>
    public ImmutableArray<DomainName> SearchDomains { get; init; } = [];

    /// <summary>Names with at least this many dots are tried as absolute first (<c>options ndots:n</c>, default 1, capped at 15).</summary>
    public int Ndots { get; init; } = 1;

    /// <summary>Time to wait for one server (<c>options timeout:n</c>, default 5 s, capped at 30 s).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Rounds over the server list (<c>options attempts:n</c>, default 2, capped at 5).</summary>
    public int Attempts { get; init; } = 2;

    /// <summary>Spread load round-robin instead of always starting with the first server (<c>options rotate</c>).</summary>
    public bool Rotate { get; init; }

    /// <summary>Send EDNS(0) (<c>options edns0</c>).</summary>
    public bool Edns0 { get; init; }

    /// <summary>Trust the AD bit from these servers and set it in queries (<c>options trust-ad</c>, RFC 6840 §5.7).</summary>
    public bool TrustAd { get; init; }

    /// <summary>Use TCP for every query (<c>options use-vc</c>).</summary>
    public bool UseTcp { get; init; }

    /// <summary>Parses the text of a resolv.conf file. Unknown keywords and malformed values are ignored, as glibc does.</summary>
    public static ResolverConfiguration Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var servers = ImmutableArray.CreateBuilder<IPEndPoint>();
        ImmutableArray<DomainName> search = [];
        var config = new ResolverConfiguration();
        foreach (string rawLine in text.Split('\n'))
        {
            string line = rawLine.TrimEnd('\r');

            // resolv.conf(5): a ';' or '#' in the first column starts a comment.
            if (line.Length == 0 || line[0] is ';' or '#')
            {
                continue;
            }

            string[] tokens = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (tokens.Length < 2)
            {
                continue;
            }

            switch (tokens[0])
            {
                case "nameserver":
                    if (servers.Count < MaxNameServers && TryParseAddress(tokens[1], out IPAddress? address))
                    {
                        servers.Add(new IPEndPoint(address, NameServer.DnsPort));
                    }

                    break;
                case "domain":
                    // resolv.conf(5): domain and search are exclusive; the last one wins.
                    search = TryParseName(tokens[1], out DomainName? domain) ? [domain] : [];
                    break;
                case "search":
                    var list = ImmutableArray.CreateBuilder<DomainName>();
                    for (int i = 1; i < tokens.Length; i++)
                    {
                        if (TryParseName(tokens[i], out DomainName? name))
                        {
                            list.Add(name);
                        }
                    }

                    search = list.ToImmutable();
                    break;
                case "options":
                    for (int i = 1; i < tokens.Length; i++)
                    {
                        config = ApplyOption(config, tokens[i]);
                    }

                    break;
            }
        }

        return config with { NameServers = servers.ToImmutable(), SearchDomains = search };
    }

    /// <summary>Reads and parses a resolv.conf file; a missing file gives the defaults (no servers).</summary>
    public static ResolverConfiguration Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return File.Exists(path) ? Parse(File.ReadAllText(path)) : new ResolverConfiguration();
    }

    /// <summary>
    /// The configuration of this machine: <c>/etc/resolv.conf</c> where it exists, otherwise the DNS server addresses
    /// of the network interfaces that are up. With no server at all, the local machine (127.0.0.1) as glibc assumes.
    /// </summary>
    public static ResolverConfiguration GetSystemConfiguration()
    {
        ResolverConfiguration config = OperatingSystem.IsWindows() ? new ResolverConfiguration() : Load(DefaultPath);
        if (config.NameServers.IsEmpty)
        {
            config = config with { NameServers = GetInterfaceDnsServers() };
        }

        if (config.NameServers.IsEmpty)
        {
            // resolv.conf(5): "If no nameserver entries are present, the default is to use the name server on the local machine."
            config = config with { NameServers = [new IPEndPoint(IPAddress.Loopback, NameServer.DnsPort)] };
        }

        return config;
    }

    /// <summary>
    /// The names to try for <paramref name="name"/> in order (resolv.conf(5) <c>search</c> and <c>ndots</c>): a name
    /// ending in a dot is absolute; one with at least <see cref="Ndots"/> dots is tried as is first; otherwise the
    /// search list first.
    /// </summary>
    /// <exception cref="Wire.DnsFormatException"><paramref name="name"/> is not a valid name.</exception>
    public ImmutableArray<DomainName> GetSearchCandidates(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.EndsWith('.'))
        {
            return [DomainName.Parse(name)];
        }

        DomainName relative = DomainName.Parse(name + ".");
        var result = ImmutableArray.CreateBuilder<DomainName>(SearchDomains.Length + 1);
        int dots = name.Count(c => c == '.');
        if (dots >= Ndots)
        {
            result.Add(relative);
        }

        foreach (DomainName suffix in SearchDomains)
        {
            if (relative.WireLength - 1 + suffix.WireLength <= Wire.DnsLimits.MaxNameLength)
            {
                result.Add(relative.Concat(suffix));
            }
        }

        if (dots < Ndots)
        {
            result.Add(relative);
        }

        return result.ToImmutable();
    }

    private static ResolverConfiguration ApplyOption(ResolverConfiguration config, string option)
    {
        int colon = option.IndexOf(':', StringComparison.Ordinal);
        string key = colon < 0 ? option : option[..colon];
        int? value = colon >= 0 && int.TryParse(option.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : null;
        return key switch
        {
            // The caps are glibc's: RES_MAXNDOTS 15, RES_MAXRETRANS 30, RES_MAXRETRY 5.
            "ndots" when value is { } n => config with { Ndots = Math.Min(n, 15) },
            "timeout" when value is { } t => config with { Timeout = TimeSpan.FromSeconds(Math.Clamp(t, 1, 30)) },
            "attempts" when value is { } a => config with { Attempts = Math.Clamp(a, 1, 5) },
            "rotate" => config with { Rotate = true },
            "edns0" => config with { Edns0 = true },
            "trust-ad" => config with { TrustAd = true },
            "use-vc" => config with { UseTcp = true },
            _ => config,
        };
    }

    private static bool TryParseAddress(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IPAddress? address)
    {
        if (IPAddress.TryParse(text, out address))
        {
            return true;
        }

        // An IPv6 address with a scope that names no interface here: keep the address, as glibc does (scope 0).
        int percent = text.IndexOf('%', StringComparison.Ordinal);
        return percent > 0 && IPAddress.TryParse(text.AsSpan(0, percent), out address) && address.AddressFamily == AddressFamily.InterNetworkV6;
    }

    private static bool TryParseName(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DomainName? name) =>
        DomainName.TryParse(text.EndsWith('.') ? text : text + ".", out name);

    private static ImmutableArray<IPEndPoint> GetInterfaceDnsServers()
    {
        var servers = ImmutableArray.CreateBuilder<IPEndPoint>();
        try
        {
            foreach (NetworkInterface nic in NetworkInterface.GetAllNetworkInterfaces())
            {
                if (nic.OperationalStatus != OperationalStatus.Up)
                {
                    continue;
                }

                foreach (IPAddress address in nic.GetIPProperties().DnsAddresses)
                {
                    var endPoint = new IPEndPoint(address, NameServer.DnsPort);
                    if (!servers.Contains(endPoint))
                    {
                        servers.Add(endPoint);
                    }
                }
            }
        }
        catch (NetworkInformationException)
        {
            // No interface information on this platform: fall back to the loopback default.
        }
        catch (PlatformNotSupportedException)
        {
            // Same.
        }

        return servers.ToImmutable();
    }
}
