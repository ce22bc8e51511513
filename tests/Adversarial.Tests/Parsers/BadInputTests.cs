using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Adversarial.Tests.Support;
using DaneHttp;
using DnsSecure;
using DnsSecure.Records;
using DnsSecure.Resolution;
using DnsSecure.Testing.Server;
using DnsSecure.Tests.Fuzzing;
using DnsSecure.Text;
using DnsSecure.Wire;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Adversarial.Tests.Parsers;

/// <summary>
/// Bad input through every parser a user's data reaches: DNS wire (directly and from a lying upstream), zone text,
/// PEM/DER certificates, TLSA presentation strings and configuration values. Each input ends in a value or a
/// documented, clear error: no other exception, no hang. The mutators are the Dns.Secure.Tests fuzzers' own
/// (docs/fuzzing.md), seeded with the capture corpus in tests/TestData/captures.
/// </summary>
[Collection(AttackCollection.Name)]
public sealed class BadInputTests(ITestOutputHelper output)
{
    private const int Batch = 1000;

    /// <summary>Wire inputs: 20,000 by default, 1,000,000 in long mode (<c>DANE_ADVERSARIAL_FUZZ</c> overrides).</summary>
    private static readonly int WireInputs = AdversarialMode.FromEnvironment("DANE_ADVERSARIAL_FUZZ", AdversarialMode.Scale(20_000, 1_000_000));

    [Fact]
    public void DnsWire_MutatedCaptures_DecodeOrFailWithDnsFormatException()
    {
        var mutator = new WireMutator(AdversarialMode.Seed, [.. FuzzCorpus.Messages().Select(m => m.Wire)]);
        var attack = Attack.Begin($"parser: DNS wire, {WireInputs} mutated captures (CPU/memory per {Batch})", output);
        int decoded = 0;
        byte[] current = [];
        string? failure = FuzzRunner.Run(WireInputs / Batch, batch => attack.Measure(() =>
        {
            for (int i = 0; i < Batch; i++)
            {
                current = mutator.Next();
                try
                {
                    DnsMessage m = DnsMessage.Decode(current);
                    _ = m.ToString();
                    decoded++;
                    attack.Judge(DnsMessage.TryDecode(current, out _), "decoded");
                }
                catch (DnsFormatException e)
                {
                    attack.Judge(!DnsMessage.TryDecode(current, out _), "DnsFormatException: " + e.Message);
                }
                catch (Exception e)
                {
                    attack.Judge(false, $"input {batch * Batch + i} ({mutator.LastMutation}) {Convert.ToHexString(current)}: {e.GetType().Name}: {e.Message}");
                    return $"{e.GetType().Name} on {Convert.ToHexString(current)}";
                }
            }

            return (string?)null;
        }), () => Convert.ToHexString(current));

        output.WriteLine($"{WireInputs} inputs: {decoded} decoded, {WireInputs - decoded} rejected with DnsFormatException");
        Assert.Null(failure);
        attack.Complete();
    }

    [Fact]
    public async Task DnsWire_MutatedAnswersFromALyingUpstream_NeverThrowNorValidateWrongly()
    {
        IPAddress real = IPAddress.Loopback;
        await using SignedTree tree = await SignedTree.CreateAsync(
            b => b.AddZone("example.").WithAddress(real, "www").WithRecord("www TXT \"v=spf1 -all\""),
            lying: true,
            stubOptions: o => { o.Timeout = TimeSpan.FromMilliseconds(200); o.Attempts = 1; });
        var random = new Random(AdversarialMode.Seed);
        int mutated = 0;
        tree.Lying.RewriteBytes = (query, reply) =>
        {
            if (random.Next(2) == 0)
            {
                return reply;
            }

            byte[] bad = new WireMutator(random.Next(), [reply]).Next();
            if (bad.Length >= 3)
            {
                // Keep the ID and QR so the stub takes the packet and the decoder and validator see the damage.
                bad[0] = reply[0];
                bad[1] = reply[1];
                bad[2] |= 0x80;
            }

            Interlocked.Increment(ref mutated);
            return bad;
        };
        var attack = Attack.Begin("parser: mutated answers through the validating resolver", output);
        (string Name, RecordType Type)[] questions = [("www.example.", RecordType.A), ("www.example.", RecordType.TXT), ("nothere.example.", RecordType.A), ("example.", RecordType.DNSKEY)];

        for (int i = 0; i < AdversarialMode.Scale(120, 3000); i++)
        {
            tree.Resolver.ClearCache();
            tree.Stub.ClearCache();
            (string name, RecordType type) = questions[i % questions.Length];
            ValidatedLookup r;
            try
            {
                r = await attack.MeasureAsync(() => tree.Resolver.ResolveAsync(name, type).AsTask());
            }
            catch (Exception e)
            {
                attack.Judge(false, $"{name} {type}: {e}");
                continue;
            }

            bool wrong = type == RecordType.A && name.StartsWith("www", StringComparison.Ordinal) ? Truth.IsWronglySecure(r, real)
                : name.StartsWith("nothere", StringComparison.Ordinal) ? r.IsSecure && !r.Answers.IsEmpty
                : false;
            attack.Judge(!wrong, $"{name} {type}: {Truth.Describe(r)}");
        }

        output.WriteLine($"{mutated} answers mutated");
        attack.Complete();
    }

    [Fact]
    public void ZoneText_Mutated_ReadsOrFailsWithDnsFormatException()
    {
        IReadOnlyList<string> seeds = FuzzCorpus.ZoneTextSeeds();
        var mutator = new TextMutator(AdversarialMode.Seed, seeds);
        int inputs = AdversarialMode.Scale(3_000, 100_000);
        var attack = Attack.Begin($"parser: zone text, {inputs} mutated zones (CPU/memory per 100)", output);
        string current = string.Empty;
        string? failure = FuzzRunner.Run(inputs / 100, batch => attack.Measure(() =>
        {
            for (int i = 0; i < 100; i++)
            {
                current = mutator.Next();
                try
                {
                    // Both entry points: the reader, and the test server's zone loader built on it.
                    _ = new ZoneFileReader(current, new ZoneFileReaderOptions { DefaultTtl = 3600 }).ReadRecords().Count();
                    _ = AuthoritativeZone.Parse(current, DomainName.Parse("example."));
                    attack.Judge(true, "read");
                }
                catch (DnsFormatException e)
                {
                    attack.Judge(e.Message.Length > 0, "DnsFormatException: " + e.Message);
                }
                catch (ArgumentException e) when (e is not ArgumentNullException)
                {
                    // AuthoritativeZone's documented refusal: records outside the zone, no SOA at the apex.
                    attack.Judge(e.Message.Length > 0, "ArgumentException: " + e.Message);
                }
                catch (Exception e)
                {
                    attack.Judge(false, $"input {batch * 100 + i} ({mutator.LastMutation}): {e.GetType().Name}: {e.Message}");
                    return $"{e.GetType().Name}: {e.Message}";
                }
            }

            return (string?)null;
        }), () => current);

        Assert.Null(failure);
        attack.Complete();
    }

    [Fact]
    public async Task Certificates_MutatedPemAndDer_GiveAClearErrorNeverACrash()
    {
        using X509Certificate2 ca = TestCertificates.CreateCa("CN=Adversarial Root");
        using X509Certificate2 issuer = TestCertificates.CreateCa("CN=Adversarial Issuing CA", ca);
        using X509Certificate2 leaf = TestCertificates.CreateLeaf("www.example", issuer);
        byte[][] der = [leaf.RawData, issuer.RawData, ca.RawData];
        string tlsa = "3 1 1 " + Convert.ToHexString(SHA256.HashData(leaf.PublicKey.ExportSubjectPublicKeyInfo()));
        var random = new Random(AdversarialMode.Seed);
        string dir = Directory.CreateTempSubdirectory("adversarial-certs").FullName;
        int inputs = AdversarialMode.Scale(300, 20_000);
        var attack = Attack.Begin($"parser: PEM/DER certificates, {inputs} mutated files (dane check, dane generate)", output);
        int accepted = 0;
        try
        {
            for (int i = 0; i < inputs; i++)
            {
                byte[] bad = MutateBytes(random, der[random.Next(der.Length)]);
                bool pem = random.Next(2) == 0;
                string file = Path.Combine(dir, $"chain{i % 8}.{(pem ? "pem" : "der")}");
                if (pem)
                {
                    await File.WriteAllTextAsync(file, MutateText(random, PemOf(bad) + (random.Next(2) == 0 ? PemOf(issuer.RawData) : "")));
                }
                else
                {
                    await File.WriteAllBytesAsync(file, bad);
                }

                string[] args = random.Next(3) == 0 ? ["generate", "--cert", file] : ["check", "--chain", file, "--host", "www.example", "--tlsa", tlsa];
                (int code, string error, Exception? crash) = await attack.MeasureAsync(() => RunCliAsync(args));
                accepted += code == 0 ? 1 : 0;
                attack.Judge(crash is null && (code is 0 or 1 || (code == 2 && error.StartsWith("dane: ", StringComparison.Ordinal))), crash?.ToString() ?? $"exit {code}: {error.Trim()}");
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }

        output.WriteLine($"{accepted} of {inputs} inputs still read as certificates");
        attack.Complete();
    }

    [Fact]
    public async Task TlsaPresentation_Mutated_GivesDnsFormatExceptionOrAClearCliError()
    {
        using X509Certificate2 leaf = TestCertificates.CreateLeaf("www.example");
        string digest = Convert.ToHexString(SHA256.HashData(leaf.PublicKey.ExportSubjectPublicKeyInfo()));
        string full = Convert.ToHexString(leaf.RawData);
        string[] seeds = [$"3 1 1 {digest}", $"2 0 1 {digest}", $"3 0 0 {full}", $"1 1 2 {digest}{digest}", $"0 0 1 ( {digest[..32]}\n {digest[32..]} )", $"3 1 1 \\# 3 010101"];
        var mutator = new TextMutator(AdversarialMode.Seed, seeds);
        string dir = Directory.CreateTempSubdirectory("adversarial-tlsa").FullName;
        string chain = Path.Combine(dir, "leaf.der");
        await File.WriteAllBytesAsync(chain, leaf.RawData);
        int inputs = AdversarialMode.Scale(2_000, 50_000);
        var attack = Attack.Begin($"parser: TLSA presentation, {inputs} mutated records", output);
        try
        {
            for (int i = 0; i < inputs; i++)
            {
                string text = mutator.Next();
                attack.Measure(() =>
                {
                    try
                    {
                        ResourceRecord record = ResourceRecord.Parse("_443._tcp.www.example. 3600 IN TLSA " + text);
                        attack.Judge(record.Type == RecordType.TLSA && record.ToString().Length > 0, "parsed");
                    }
                    catch (DnsFormatException e)
                    {
                        attack.Judge(e.Message.Length > 0, "DnsFormatException: " + e.Message);
                    }
                    catch (Exception e)
                    {
                        attack.Judge(false, $"{mutator.LastMutation} '{text}': {e.GetType().Name}: {e.Message}");
                    }

                    return 0;
                });
                if (i % 10 == 0)
                {
                    (int code, string error, Exception? crash) = await attack.MeasureAsync(() => RunCliAsync(["check", "--chain", chain, "--host", "www.example", "--tlsa", text]));
                    attack.Judge(crash is null && (code is 0 or 1 || (code == 2 && error.Length > 0)), crash?.ToString() ?? $"cli exit {code}: {error.Trim()}");
                }
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }

        attack.Complete();
    }

    public static TheoryData<string, string> BadConfiguration() => new()
    {
        { "Servers:0", "not an address" },
        { "Servers:0", "127.0.0.1:99999" },
        { "Servers:0", "" },
        { "Servers:0", "[::1]:-5" },
        { "TrustAnchors:0", "garbage" },
        { "TrustAnchors:0", ". IN DS 20326 8 2 ZZZZ" },
        { "TrustAnchors:0", ". IN A 192.0.2.1" },
        { "TrustAnchorFile", "/nonexistent/root.key" },
        { "Policy", "Sometimes" },
        { "Policy", "99" },
        { "DnsTimeout", "-00:00:05" },
        { "DnsTimeout", "forever" },
        { "ConnectTimeout", "00:00:00" },
        { "CacheSize", "-1" },
        { "CacheSize", "99999999999999999999" },
        { "MaxConnectionLifetime", "0" },
        { "Proxy", "not a uri" },
        { "Proxy", "ftp://proxy.example/" },
    };

    [Fact]
    public void ConfigurationValues_Good_AreAccepted()
    {
        // The control for the theory below: the same base configuration, with good values, starts.
        var settings = new Dictionary<string, string?>
        {
            ["Dane:Servers:0"] = "127.0.0.1:53",
            ["Dane:TrustAnchors:0"] = ". IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D",
            ["Dane:Policy"] = "Opportunistic",
            ["Dane:Proxy"] = "http://127.0.0.1:3128",
            ["Dane:DnsTimeout"] = "00:00:02",
        };
        var services = new ServiceCollection();
        services.AddDane(new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection("Dane"));
        using ServiceProvider provider = services.BuildServiceProvider();

        DaneOptions options = provider.GetRequiredService<IOptions<DaneOptions>>().Value;

        Assert.Equal(new Uri("http://127.0.0.1:3128"), options.Proxy);
    }

    [Theory]
    [MemberData(nameof(BadConfiguration))]
    public void ConfigurationValue_Bad_StopsTheHostWithAMessageNamingIt(string key, string value)
    {
        var settings = new Dictionary<string, string?> { ["Dane:Servers:0"] = "127.0.0.1:53", ["Dane:TrustAnchors:0"] = ". IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D" };
        settings["Dane:" + key] = value;
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddDane(configuration.GetSection("Dane"));
        using ServiceProvider provider = services.BuildServiceProvider();
        var attack = Attack.Begin($"parser: configuration Dane:{key} = '{value}'", output);

        Exception? thrown = attack.Measure(() =>
        {
            try
            {
                _ = provider.GetRequiredService<IOptions<DaneOptions>>().Value;
                return null;
            }
            catch (Exception e)
            {
                return e;
            }
        });

        bool clear = thrown is OptionsValidationException or InvalidOperationException
            && (thrown.Message.Contains(key.Split(':')[0], StringComparison.Ordinal) || thrown.Message.Contains(value, StringComparison.Ordinal));
        attack.Judge(clear, thrown is null ? "accepted" : $"{thrown.GetType().Name}: {thrown.Message}");
        output.WriteLine(thrown?.Message ?? "accepted");
        attack.Complete();
    }

    private static async Task<(int Code, string Error, Exception? Crash)> RunCliAsync(string[] args)
    {
        using var stdout = new StringWriter(CultureInfo.InvariantCulture);
        using var stderr = new StringWriter(CultureInfo.InvariantCulture);
        try
        {
            using var hang = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            int code = await DaneCli.Program.RunAsync(args, stdout, stderr, hang.Token);
            return (code, stderr.ToString(), null);
        }
        catch (Exception e)
        {
            return (-1, stderr.ToString(), e);
        }
    }

    private static string PemOf(byte[] der) => "-----BEGIN CERTIFICATE-----\n" + Convert.ToBase64String(der, Base64FormattingOptions.InsertLineBreaks) + "\n-----END CERTIFICATE-----\n";

    /// <summary>DER damage: bit flips, length octets, truncation, inserted and duplicated spans.</summary>
    private static byte[] MutateBytes(Random random, byte[] input)
    {
        var data = new List<byte>(input);
        for (int round = 1 + random.Next(3); round > 0 && data.Count > 4; round--)
        {
            int at = random.Next(data.Count);
            switch (random.Next(6))
            {
                case 0:
                    data[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    data[at] = (byte)(new byte[] { 0x00, 0x30, 0x80, 0x81, 0x82, 0x84, 0xFF }[random.Next(7)]);
                    break;
                case 2:
                    data.RemoveRange(at, data.Count - at);
                    break;
                case 3:
                    data.InsertRange(at, Enumerable.Repeat((byte)random.Next(256), 1 + random.Next(64)));
                    break;
                case 4:
                    int length = Math.Min(data.Count - at, 1 + random.Next(128));
                    data.InsertRange(at, data.GetRange(at, length));
                    break;
                default:
                    data.RemoveRange(at, Math.Min(data.Count - at, 1 + random.Next(16)));
                    break;
            }
        }

        return [.. data];
    }

    private static string MutateText(Random random, string text)
    {
        if (random.Next(3) != 0)
        {
            return text;
        }

        var sb = new StringBuilder(text);
        int at = random.Next(sb.Length);
        switch (random.Next(4))
        {
            case 0:
                sb.Remove(at, Math.Min(sb.Length - at, 1 + random.Next(40)));
                break;
            case 1:
                sb.Insert(at, "-----END CERTIFICATE-----\n");
                break;
            case 2:
                sb.Insert(at, "-----BEGIN CERTIFICATE-----\n");
                break;
            default:
                sb[at] = "=*\0\u00e9-"[random.Next(5)];
                break;
        }

        return sb.ToString();
    }
}
