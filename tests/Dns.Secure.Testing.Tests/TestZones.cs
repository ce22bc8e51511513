using DnsSecure.Testing.Server;

namespace DnsSecure.Testing.Tests;

/// <summary>The signed zones of tests/TestData/server (made by make-zones.sh with BIND's dnssec-signzone).</summary>
internal static class TestZones
{
    private static readonly Lazy<AuthoritativeZone> s_example = new(() => Load("example.signed", "example."));
    private static readonly Lazy<AuthoritativeZone> s_sub = new(() => Load("sub.example.signed", "sub.example."));
    private static readonly Lazy<AuthoritativeZone> s_net = new(() => Load("example.net.signed", "example.net."));
    private static readonly Lazy<AuthoritativeZone> s_org = new(() => Load("example.org.signed", "example.org."));

    /// <summary>NSEC-signed, with CNAMEs, a DNAME, wildcards, delegations (signed and unsigned) and a large RRset.</summary>
    public static AuthoritativeZone Example => s_example.Value;

    /// <summary>The signed child of <see cref="Example"/>.</summary>
    public static AuthoritativeZone Sub => s_sub.Value;

    /// <summary>NSEC3-signed (no salt, 0 iterations, no opt-out).</summary>
    public static AuthoritativeZone ExampleNet => s_net.Value;

    /// <summary>NSEC3-signed with salt AB12CD, 5 iterations and opt-out, with an unsigned delegation.</summary>
    public static AuthoritativeZone ExampleOrg => s_org.Value;

    public static string PathOf(string file) => Path.Combine(AppContext.BaseDirectory, "TestData", "server", file);

    public static Task<AuthoritativeServer> StartAsync(params AuthoritativeZone[] zones) =>
        AuthoritativeServer.StartAsync(zones.Length == 0 ? [Example, Sub, ExampleNet, ExampleOrg] : zones);

    private static AuthoritativeZone Load(string file, string origin) => AuthoritativeZone.Load(PathOf(file), DomainName.Parse(origin));
}
