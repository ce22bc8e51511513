using System.CommandLine;
using System.Text.Json;
using DnsSecure;
using DnsSecure.Records;
using DnsSecure.Testing.Signing;
using DnsSecure.Text;

namespace DaneCli.Commands;

/// <summary><c>dane zone verify</c>: checks every signature of a signed zone file.</summary>
internal static class ZoneCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<FileInfo>("file") { Description = "The signed zone file (e.g. dnssec-signzone output)." };
        var origin = new Option<string?>("--origin") { Description = "The zone apex; default: the owner of the file's SOA." };
        var at = new Option<string?>("--time") { Description = "Also require signatures valid at YYYYMMDDHHMMSS (UTC)." };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        var anchor = new Option<FileInfo?>("--anchor") { Description = "Also require an apex DNSKEY that matches this trust anchor (DS or DNSKEY records, or root-anchors.xml) and signs the DNSKEY RRset." };
        var verify = new Command("verify", "Verify every RRSIG and the NSEC/NSEC3 chain of a signed zone, or the signatures of a file of signed RRsets.") { file, origin, at, json, anchor };
        verify.SetAction(async (ParseResult pr, CancellationToken ct) =>
        {
            string path = pr.GetValue(file)!.FullName;
            DomainName? apex = pr.GetValue(origin) is { } originText ? CommandArguments.DomainName(originText) : null;

            IReadOnlyList<ResourceRecord> records;
            try
            {
                records = ZoneFileReader.ReadFile(path, new ZoneFileReaderOptions { Origin = apex ?? DomainName.Root });
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or DnsSecure.Wire.DnsFormatException)
            {
                throw new CliException($"cannot read zone {path}: {e.Message}", e);
            }

            DateTimeOffset? when = pr.GetValue(at) is { } timeText ? ResolverOptions.ParseTime(timeText) : null;
            apex ??= records.FirstOrDefault(r => r.Data is SoaRdata)?.Name;
            ZoneVerificationReport report;
            try
            {
                // A whole zone has an SOA at its apex; a file of signed RRsets (a test vector) has none and no denial chain.
                bool wholeZone = apex is not null && records.Any(r => r.Data is SoaRdata && r.Name == apex);
                if (!wholeZone && !records.Any(r => r.Data is RrsigRdata))
                {
                    throw new CliException($"{path} has no SOA and no RRSIG: nothing to verify");
                }

                IReadOnlyList<DnsSecure.Dnssec.TrustAnchors.TrustAnchor>? anchors = pr.GetValue(anchor) is { } anchorFile
                    ? ResolverOptions.LoadAnchorList(anchorFile.FullName, when ?? DateTimeOffset.UtcNow)
                    : null;
                if (anchors is not null && !wholeZone)
                {
                    throw new CliException("--anchor needs a whole zone (an SOA at the apex)");
                }

                report = wholeZone ? SignedZoneVerifier.Verify(apex!, records, when, anchors) : SignedZoneVerifier.VerifyRRsets(records, when);
                apex ??= records.Select(r => r.Data).OfType<RrsigRdata>().Select(r => r.SignerName).Distinct().Order().First();
            }
            catch (ArgumentException e)
            {
                throw new CliException(e.Message, e);
            }

            string chain = report.Chain switch
            {
                DenialChainStatus.Complete => "ok",
                DenialChainStatus.NotApplicable => "none",
                _ => "broken",
            };
            if (pr.GetValue(json))
            {
                using var buffer = new MemoryStream();
                using (var writer = new Utf8JsonWriter(buffer, CliJson.Options))
                {
                    writer.WriteStartObject();
                    writer.WriteString("zone", apex.ToString());
                    writer.WriteNumber("rrsets", report.SignedRRsets);
                    writer.WriteNumber("signaturesValid", report.ValidSignatures);
                    writer.WriteNumber("signaturesInvalid", report.InvalidSignatures);
                    writer.WriteString("chain", chain);
                    writer.WriteStartArray("errors");
                    foreach (string problem in report.Problems)
                    {
                        writer.WriteStringValue(problem);
                    }

                    writer.WriteEndArray();
                    writer.WriteEndObject();
                }

                await context.Out.WriteLineAsync(System.Text.Encoding.UTF8.GetString(buffer.ToArray())).ConfigureAwait(false);
            }
            else
            {
                await context.Out.WriteLineAsync($"{apex}: {(report.IsValid ? "valid" : "INVALID")}; {report.SignedRRsets} signed RRsets, {report.ValidSignatures} valid and {report.InvalidSignatures} invalid signatures, denial chain {chain}, {report.Problems.Length} problems").ConfigureAwait(false);
                foreach (string problem in report.Problems)
                {
                    await context.Out.WriteLineAsync("  " + problem).ConfigureAwait(false);
                }
            }

            return report.IsValid ? Program.ExitSuccess : Program.ExitNegative;
        });
        return new Command("zone", "Zone file tools.") { verify };
    }
}
