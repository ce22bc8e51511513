using System.Net;
using DnsSecure.Dnssec.TrustAnchors;
using DnsSecure.Wire;
using Microsoft.Extensions.Options;

namespace DaneHttp;

/// <summary>Checks <see cref="DaneOptions"/> when the host starts, so that a bad anchor or server fails fast with a clear message.</summary>
internal sealed class DaneOptionsValidator : IValidateOptions<DaneOptions>
{
    public ValidateOptionsResult Validate(string? name, DaneOptions options)
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(options.Policy))
        {
            errors.Add($"Dane:Policy '{options.Policy}' is not Required or Opportunistic.");
        }

        foreach (string anchor in options.TrustAnchors)
        {
            try
            {
                if (TrustAnchorLoader.ParsePresentation(anchor).Count == 0)
                {
                    errors.Add($"Dane:TrustAnchors entry '{anchor}' holds no DS or DNSKEY record.");
                }
            }
            catch (DnsFormatException e)
            {
                errors.Add($"Dane:TrustAnchors entry '{anchor}' is not a DS or DNSKEY record: {e.Message}");
            }
        }

        if (options.TrustAnchorFile is { } file && !File.Exists(file))
        {
            errors.Add($"Dane:TrustAnchorFile '{file}' does not exist.");
        }

        foreach (string server in options.Servers)
        {
            if (!IPEndPoint.TryParse(server, out _))
            {
                errors.Add($"Dane:Servers entry '{server}' is not an IP address with an optional port.");
            }
        }

        if (options.DnsTimeout <= TimeSpan.Zero || options.ConnectTimeout <= TimeSpan.Zero)
        {
            errors.Add("Dane:DnsTimeout and Dane:ConnectTimeout must be positive.");
        }

        if (options.CacheSize < 1)
        {
            errors.Add("Dane:CacheSize must be at least 1.");
        }

        if (options.MaxConnectionsPerServer < 1)
        {
            errors.Add("Dane:MaxConnectionsPerServer must be at least 1.");
        }

        if (options.MaxConnectionLifetime <= TimeSpan.Zero)
        {
            errors.Add("Dane:MaxConnectionLifetime must be positive.");
        }

        // A relative or non-proxy URI binds without complaint and only fails at the first request.
        if (options.Proxy is { } proxy && (!proxy.IsAbsoluteUri || proxy.Scheme is not ("http" or "https" or "socks4" or "socks4a" or "socks5")))
        {
            errors.Add($"Dane:Proxy '{proxy}' is not an absolute http, https or socks URI.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
