using DnsSecure;

namespace DaneCli.Commands;

/// <summary>The checks the commands make on the domain names and ports they are given (usage errors, exit code 2).</summary>
internal static class CommandArguments
{
    /// <summary>The domain name in <paramref name="text"/>, or a usage error.</summary>
    public static DomainName DomainName(string text) =>
        DnsSecure.DomainName.TryParse(text, out DnsSecure.DomainName? name) ? name : throw new CliException($"'{text}' is not a domain name");

    /// <summary>
    /// <paramref name="port"/> when it is a TCP port number (1 to 65535; with <paramref name="allowZero"/> also 0, which a
    /// TLSA owner name may carry), or a usage error.
    /// </summary>
    public static int Port(int port, bool allowZero = false) =>
        port < (allowZero ? 0 : 1) || port > ushort.MaxValue ? throw new CliException($"port {port} is out of range") : port;
}
