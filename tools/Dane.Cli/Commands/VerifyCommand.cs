using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using DaneSockets.Matching;
using DaneSockets.Policy;
using DaneSockets.Results;
using DaneSockets.StartTls;
using DaneSockets.Tls;
using DaneSockets.Tlsa;
using DnsSecure;
using DnsSecure.Records;
using DnsSecure.Resolution;

namespace DaneCli.Commands;

/// <summary>
/// <c>dane verify</c>: connect to a service, show the chain it presents and the validated TLSA records, and say which record
/// matched at what depth or why none did (as <c>ldns-dane verify</c> and <c>openssl s_client -dane_tlsa_domain</c> do).
/// </summary>
internal static class VerifyCommand
{
    public static Command Create(CliContext context)
    {
        var host = new Argument<string>("host") { Description = "The service host name (the TLSA base domain before CNAME expansion)." };
        var port = new Argument<int>("port") { Description = "The service port.", DefaultValueFactory = _ => 443 };
        var starttls = new Option<string?>("--starttls") { Description = "Negotiate TLS in-protocol first: " + string.Join(", ", StartTlsNegotiators.Names) + "." };
        var address = new Option<string?>("--address") { Description = "Connect to this IP address instead of the host's validated addresses." };
        var smtp = new Option<bool>("--smtp") { Description = "Apply the SMTP profile (RFC 7672: PKIX usages unusable); implied by --starttls smtp." };
        var eeNames = new Option<bool>("--ee-name-checks") { Description = "Also require the name to match for DANE-EE(3) (RFC 7671 §5.1 says not to)." };
        var timeout = new Option<int>("--timeout") { Description = "Seconds allowed for connecting and the handshake.", DefaultValueFactory = _ => 15 };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        var resolverOptions = new ResolverOptions();
        var command = new Command("verify", "Connect, show the presented chain and the TLSA records, and say which record matched and at what depth.")
        {
            host, port, starttls, address, smtp, eeNames, timeout, json,
        };
        resolverOptions.AddTo(command);
        command.SetAction(async (ParseResult pr, CancellationToken ct) =>
        {
            string hostName = pr.GetValue(host)!;
            CommandArguments.DomainName(hostName);
            int portNumber = CommandArguments.Port(pr.GetValue(port));

            // "xmpp" is the client-to-server stream, as in openssl s_client -starttls xmpp.
            string? protocol = pr.GetValue(starttls);
            if (string.Equals(protocol, "xmpp", StringComparison.OrdinalIgnoreCase))
            {
                protocol = "xmpp-client";
            }

            IStartTlsNegotiator? negotiator = null;
            if (protocol is not null && !StartTlsNegotiators.TryGet(protocol, out negotiator))
            {
                throw new CliException($"unknown --starttls protocol '{protocol}'; use one of {string.Join(", ", StartTlsNegotiators.Names)}");
            }

            IPAddress? fixedAddress = null;
            if (pr.GetValue(address) is { } addressText && !IPAddress.TryParse(addressText, out fixedAddress))
            {
                throw new CliException($"'{addressText}' is not an IP address");
            }

            bool smtpProfile = pr.GetValue(smtp) || string.Equals(protocol, "smtp", StringComparison.OrdinalIgnoreCase);
            var options = new DaneTlsOptions
            {
                // Opportunistic, so a proven-absent or insecure TLSA RRset is reported as "pkix" rather than as a DNS failure.
                Policy = DanePolicy.Opportunistic,
                Profile = smtpProfile ? DaneProfile.Smtp : DaneProfile.Generic,
                CheckDaneEeNames = pr.GetValue(eeNames),
            };
            (IAsyncDisposable owner, ValidatingResolver resolver) = resolverOptions.Build(pr);
            await using (owner.ConfigureAwait(false))
            {
                DaneTarget target = await new DaneTargetResolver(resolver).ResolveAsync(hostName, portNumber, options.Profile, cancellationToken: ct).ConfigureAwait(false);
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
                deadline.CancelAfter(TimeSpan.FromSeconds(Math.Max(1, pr.GetValue(timeout))));
                VerifyReport report = await RunAsync(target, options, fixedAddress, negotiator, deadline.Token).ConfigureAwait(false);
                if (pr.GetValue(json))
                {
                    await context.Out.WriteLineAsync(ToJson(report)).ConfigureAwait(false);
                }
                else
                {
                    await WriteTextAsync(context, report).ConfigureAwait(false);
                }

                return report.Outcome == "dane" ? Program.ExitSuccess : Program.ExitNegative;
            }
        });
        return command;
    }

    private static async Task<VerifyReport> RunAsync(DaneTarget target, DaneTlsOptions options, IPAddress? fixedAddress,
        IStartTlsNegotiator? negotiator, CancellationToken cancellationToken)
    {
        var report = new VerifyReport { Target = target };
        IReadOnlyList<IPAddress> addresses = fixedAddress is not null ? [fixedAddress] : target.Addresses;
        if (addresses.Count == 0)
        {
            report.Reason = $"{target.Host} has no usable address records ({target.AddressStatus})";
            return report;
        }

        Socket? socket = null;
        foreach (IPAddress candidate in addresses)
        {
            var attempt = new Socket(candidate.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await attempt.ConnectAsync(new IPEndPoint(candidate, target.Port), cancellationToken).ConfigureAwait(false);
                socket = attempt;
                report.Address = candidate;
                break;
            }
            catch (SocketException e)
            {
                attempt.Dispose();
                report.Reason = $"cannot connect to {candidate}:{target.Port}: {e.SocketErrorCode}";
            }
        }

        if (socket is null)
        {
            return report;
        }

        await using var stream = new NetworkStream(socket, ownsSocket: true);
        if (negotiator is not null)
        {
            StartTlsOutcome started;
            try
            {
                started = await negotiator.NegotiateAsync(stream, new StartTlsRequest(target.Host.ToString().TrimEnd('.')), cancellationToken).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                report.Reason = $"{negotiator.Protocol} STARTTLS failed: {e.Message}";
                return report;
            }

            if (!started.Ready)
            {
                report.Reason = $"{negotiator.Protocol} STARTTLS {(started.Offered ? "refused" : "not offered")}: {started.Detail}";
                return report;
            }
        }

        DaneConnectionResult? result = null;
        await using var ssl = new SslStream(stream, leaveInnerStreamOpen: true);
        var sslOptions = new SslClientAuthenticationOptions
        {
            // SNI is the TLSA base domain (RFC 7671 §7).
            TargetHost = target.TlsaBaseDomain.ToString().TrimEnd('.'),
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
            {
                report.Presented = Presented(certificate as X509Certificate2, chain);
                try
                {
                    result = DaneServerCertificateCheck.Evaluate(target, options, certificate as X509Certificate2, chain, errors);
                }
                catch (DaneAuthenticationException e)
                {
                    result = e.Result;
                    report.Reason = e.Message;
                }

                return result?.IsAccepted == true;
            },
        };
        try
        {
            await ssl.AuthenticateAsClientAsync(sslOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (AuthenticationException e) when (result is null)
        {
            report.Reason = "TLS handshake failed: " + e.Message;
        }
        catch (AuthenticationException)
        {
            // The certificate check refused; the reason is in the result.
        }
        catch (IOException e)
        {
            report.Reason = "TLS handshake failed: " + e.Message;
        }

        report.Result = result;
        return report;
    }

    private static List<X509Certificate2> Presented(X509Certificate2? leaf, X509Chain? chain)
    {
        // Copies: the runtime disposes the certificates it hands to the callback once the handshake is over.
        var presented = new List<X509Certificate2>();
        if (leaf is not null)
        {
            presented.Add(X509CertificateLoader.LoadCertificate(leaf.RawData));
        }

        // What the server sent is the chain policy's extra store; the runtime's built chain may add local roots, which were not presented.
        foreach (X509Certificate2 certificate in chain?.ChainPolicy.ExtraStore ?? [])
        {
            if (!presented.Exists(p => p.RawDataMemory.Span.SequenceEqual(certificate.RawDataMemory.Span)))
            {
                presented.Add(X509CertificateLoader.LoadCertificate(certificate.RawData));
            }
        }

        return presented;
    }

    private static async Task WriteTextAsync(CliContext context, VerifyReport report)
    {
        DaneTarget target = report.Target;
        TextWriter o = context.Out;
        await o.WriteLineAsync($"{target.Host.ToString().TrimEnd('.')}:{target.Port} via {(report.Address?.ToString() ?? "no connection")}").ConfigureAwait(false);
        await o.WriteLineAsync($"TLSA {target.TlsaOwner} [{TlsaStatus(target)}]").ConfigureAwait(false);
        foreach (TlsaRdata record in target.Tlsa.Records)
        {
            await o.WriteLineAsync($"  {TlsaText.Format(record)}  ({TlsaText.UsageName(record.Usage)} {TlsaText.SelectorName(record.Selector)} {TlsaText.MatchingTypeName(record.MatchingType)})").ConfigureAwait(false);
        }

        if (report.Presented.Count > 0)
        {
            await o.WriteLineAsync("presented chain:").ConfigureAwait(false);
            for (int depth = 0; depth < report.Presented.Count; depth++)
            {
                X509Certificate2 certificate = report.Presented[depth];
                await o.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"  {depth} s:{certificate.Subject}\n    i:{certificate.Issuer}\n    valid {certificate.NotBefore.ToUniversalTime():yyyy-MM-dd}..{certificate.NotAfter.ToUniversalTime():yyyy-MM-dd}, SPKI SHA-256 {SpkiSha256(certificate)}")).ConfigureAwait(false);
            }
        }

        if (report.Result?.Decision.Verification is { } verification)
        {
            foreach (TlsaRecordResult record in verification.Records)
            {
                await o.WriteLineAsync($"  {TlsaText.Format(record.Record)}: {record.Verdict}{(record.Depth >= 0 ? $" at depth {record.Depth}" : string.Empty)} ({record.Detail})").ConfigureAwait(false);
            }
        }

        string line = report.Outcome switch
        {
            "dane" => $"outcome: dane — {TlsaText.Format(report.Result!.Decision.Verification!.MatchedRecord!)} matched at depth {report.Result.Decision.Verification.MatchDepth}",
            "pkix" => $"outcome: pkix — {report.ReasonText}",
            _ => $"outcome: failed — {report.ReasonText}",
        };
        await o.WriteLineAsync(line).ConfigureAwait(false);
    }

    private static string ToJson(VerifyReport report)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, CliJson.Options))
        {
            DaneVerificationResult? verification = report.Result?.Decision.Verification;
            writer.WriteStartObject();
            writer.WriteString("host", report.Target.Host.ToString().TrimEnd('.'));
            writer.WriteNumber("port", report.Target.Port);
            writer.WriteString("outcome", report.Outcome);
            writer.WriteString("tlsaStatus", TlsaStatus(report.Target));
            if (report.Outcome == "dane" && verification?.MatchedRecord is { } matched)
            {
                writer.WriteString("matched", TlsaText.Format(matched));
                writer.WriteNumber("depth", verification.MatchDepth);
            }
            else
            {
                writer.WriteNull("matched");
                writer.WriteNull("depth");
            }

            writer.WriteString("reason", report.ReasonText);
            writer.WriteString("address", report.Address?.ToString());
            writer.WriteStartArray("tlsa");
            foreach (TlsaRdata record in report.Target.Tlsa.Records)
            {
                writer.WriteStringValue(TlsaText.Format(record));
            }

            writer.WriteEndArray();
            writer.WriteStartArray("chain");
            foreach (X509Certificate2 certificate in report.Presented)
            {
                writer.WriteStartObject();
                writer.WriteString("subject", certificate.Subject);
                writer.WriteString("issuer", certificate.Issuer);
                writer.WriteString("spkiSha256", SpkiSha256(certificate));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>secure (a usable or all-unusable secure RRset), absent (proven absent), insecure, bogus or indeterminate.</summary>
    internal static string TlsaStatus(DaneTarget target) => target.Tlsa.Outcome switch
    {
        TlsaLookupOutcome.SecureUsable or TlsaLookupOutcome.SecureAllUnusable => "secure",
        TlsaLookupOutcome.SecureAbsent => "absent",
        TlsaLookupOutcome.Insecure => "insecure",
        TlsaLookupOutcome.Bogus => "bogus",
        _ => "indeterminate",
    };

    private static string SpkiSha256(X509Certificate2 certificate) => Convert.ToHexString(SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo()));

    private sealed class VerifyReport
    {
        public required DaneTarget Target { get; init; }

        public IPAddress? Address { get; set; }

        public List<X509Certificate2> Presented { get; set; } = [];

        public DaneConnectionResult? Result { get; set; }

        public string? Reason { get; set; }

        public string Outcome => Result?.Decision.Decision switch
        {
            DaneDecision.AcceptDane => "dane",
            DaneDecision.AcceptPkix => "pkix",
            _ => "failed",
        };

        public string ReasonText => Reason ?? Result?.Decision.ToString() ?? "no result";
    }
}
