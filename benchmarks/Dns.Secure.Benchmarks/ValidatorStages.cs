using System.Diagnostics;
using System.Globalization;
using System.Net;
using DnsSecure.Dnssec;
using DnsSecure.Dnssec.Algorithms;
using DnsSecure.Dnssec.Chain;
using DnsSecure.Dnssec.TrustAnchors;
using DnsSecure.Records;
using DnsSecure.Resolution;
using DnsSecure.Transport;

namespace DnsSecure.Benchmarks;

/// <summary>
/// <c>validator-stages SERVER ANCHORS QUESTIONS [COUNT]</c>: the cost of each stage of an uncached validated answer
/// (issue 5, goal a), one operation at a time on one logical flow, against a real authoritative server (NSD in
/// benchmarks/run-validator-vs-unbound.sh). For each stage it prints the process CPU time and the bytes allocated per
/// operation, over COUNT distinct names (default 2000):
/// <list type="bullet">
/// <item><c>encode-query</c>: building the DO/CD query message and encoding it.</item>
/// <item><c>udp-exchange</c>: <see cref="UdpTransport"/> alone (socket, send, receive, match, decode), one in flight.</item>
/// <item><c>udp-floor</c>: the same exchange with the bare socket API and nothing else (a fresh connected socket, send,
/// one receive, close; the query encoded once beforehand): the part of <c>udp-exchange</c> no design on the runtime's
/// sockets can avoid while every query gets its own port (RFC 5452).</item>
/// <item><c>decode</c>: decoding the received response.</item>
/// <item><c>sections</c>: splitting answer and authority into RRsets and their RRSIGs.</item>
/// <item><c>signing-input</c>: the canonical form (RFC 4034 §3.1.8.1) of the answer RRset.</item>
/// <item><c>verify</c>: the signature check with the imported key cached, through the validator's verifier.</item>
/// <item><c>verify-floor</c>: the runtime's primitive alone on the same inputs (an ECDsa/RSA object built once, then
/// <c>VerifyData</c>; Ed25519/Ed448 have no runtime primitive and skip it).</item>
/// <item><c>validate</c>: a <see cref="ValidatingResolver"/> lookup of a new name with the zone keys cached, the messages
/// served from memory (no network): everything the validator does per answer except the exchange.</item>
/// <item><c>lookup</c>: the same lookup through the stub resolver and UDP, one in flight.</item>
/// </list>
/// With <c>STAGES_LOOKUP_ONLY=1</c> only the <c>lookup</c> stage runs, in five rounds of COUNT/5 names (for a profiler:
/// <c>perf record</c> with <c>DOTNET_PerfMapEnabled=1</c> then sees little else).
/// </summary>
internal static class ValidatorStages
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length is < 4 or > 5)
        {
            Console.Error.WriteLine("usage: validator-stages SERVER ANCHORS QUESTIONS [COUNT]");
            return 2;
        }

        var server = IPEndPoint.Parse(args[1]);
        var anchors = TrustAnchorStore.Create(TrustAnchorLoader.ParsePresentation(File.ReadAllText(args[2])));
        int count = args.Length == 5 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 2000;
        DomainName[] all = [.. File.ReadLines(args[3])
            .Select(l => l.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            .Where(t => t.Length >= 2)
            .Select(t => DomainName.Parse(t[0].EndsWith('.') ? t[0] : t[0] + "."))];
        if (all.Length < 3 * count)
        {
            Console.Error.WriteLine($"need {3 * count} names, the file has {all.Length}");
            return 2;
        }

        DomainName[] exchangeNames = all[..count], validateNames = all[count..(2 * count)], lookupNames = all[(2 * count)..(3 * count)];
        var transport = new UdpTransport(new TransportSettings());
        DnsMessage Query(DomainName name) => new()
        {
            RecursionDesired = true,
            CheckingDisabled = true,
            Questions = [new DnsQuestion(name, RecordType.A)],
            Edns = new Edns.EdnsRecord { DnssecOk = true, UdpPayloadSize = Wire.DnsLimits.DefaultEdnsPayloadSize },
        };

        // Warm-up: JIT of every stage, the zone keys of the chain imported and validated.
        await using StubResolver stub = ValidatorSetup.CreateStub(server);
        var warmResolver = new ValidatingResolver(new StubDataSource(stub), anchors);
        for (int i = 0; i < 50; i++)
        {
            ValidatedLookup warm = await warmResolver.ResolveAsync(all[^(i + 1)], RecordType.A).ConfigureAwait(false);
            if (warm.Status != DnssecStatus.Secure)
            {
                Console.Error.WriteLine($"warm-up: {warm.Question} is {warm.Status}: {warm.Failure}");
                return 1;
            }

            _ = (await transport.ExchangeAsync(Query(all[^(i + 1)]), server, TimeSpan.FromSeconds(2), default).ConfigureAwait(false)).Response;
        }

        if (Environment.GetEnvironmentVariable("STAGES_LOOKUP_ONLY") == "1")
        {
            for (int round = 0; round < 5; round++)
            {
                int ok = 0;
                Cost only = await MeasureAsync(count / 5, async i =>
                {
                    ok += (await warmResolver.ResolveAsync(lookupNames[round * (count / 5) + i], RecordType.A).ConfigureAwait(false)).Status == DnssecStatus.Secure ? 1 : 0;
                }).ConfigureAwait(false);
                Print("lookup", count / 5, only, $" secure={ok}");
            }

            return 0;
        }

        Print("encode-query", Repeat * count, Measure(Repeat * count, i => Wrap(i, count, j => Query(exchangeNames[j]).Encode().Length)));

        var responses = new DnsMessage[count];
        Cost exchange = await MeasureAsync(count, async i =>
        {
            responses[i] = (await transport.ExchangeAsync(Query(exchangeNames[i]), server, TimeSpan.FromSeconds(2), default).ConfigureAwait(false)).Response
                ?? throw new InvalidOperationException($"no answer for {exchangeNames[i]}");
        }).ConfigureAwait(false);
        Print("udp-exchange", count, exchange);

        byte[] floorQuery = Query(all[0]).Encode();
        byte[] floorBuffer = new byte[Wire.DnsLimits.MaxMessageSize];
        Cost floor = await MeasureAsync(count, _ => BareUdpExchange.RunAsync(server, floorQuery, floorBuffer)).ConfigureAwait(false);
        Print("udp-floor", count, floor);

        byte[][] wire = [.. responses.Select(r => r.Encode())];
        Print("decode", Repeat * count, Measure(Repeat * count, i => Wrap(i, count, j => DnsMessage.Decode(wire[j]).Answers.Length)));
        Print("sections", Repeat * count, Measure(Repeat * count, i => Wrap(i, count, j => MessageSections.Split(responses[j].Answers).RrSets.Length + MessageSections.Split(responses[j].Authorities).RrSets.Length)));

        RRSet[] rrsets = [.. responses.Select(r => MessageSections.Split(r.Answers).RrSets[0])];
        RrsigRdata[] rrsigs = [.. responses.Select(r => MessageSections.Split(r.Answers).SignaturesFor(r.Answers[0].Name, RecordType.A)[0])];
        Print("signing-input", Repeat * count, Measure(Repeat * count, i => Wrap(i, count, j => rrsets[j].TryGetSigningInput(rrsigs[j], out byte[]? input) ? input.Length : 0)));

        byte[][] inputs = [.. Enumerable.Range(0, count).Select(i => rrsets[i].GetSigningInput(rrsigs[i]))];
        DnskeyRdata[] keys = await ZoneKeysAsync(stub, rrsigs[0]).ConfigureAwait(false);
        var verifier = new SignatureVerifier(VerificationKeyCache.Shared, verified: null);
        Print("verify", count, Measure(count, i =>
        {
            DnskeyRdata key = keys.First(k => k.KeyTag == rrsigs[i].KeyTag);
            return verifier.Verify(key.Algorithm, key.PublicKey.Span, inputs[i], rrsigs[i].Signature.Span) == SignatureVerdict.Valid ? 1 : 0;
        }));

        if (RawVerifier.TryCreate(keys.First(k => k.KeyTag == rrsigs[0].KeyTag)) is { } raw)
        {
            Print("verify-floor", count, Measure(count, i => raw.Verify(inputs[i], rrsigs[i].Signature.Span) ? 1 : 0));
        }

        // Validation without the network: the answers of the names come from memory, the chain's DS/DNSKEY from the stub.
        var memory = new MemorySource(new StubDataSource(stub));
        for (int i = 0; i < count; i++)
        {
            memory.Add(validateNames[i], (await transport.ExchangeAsync(Query(validateNames[i]), server, TimeSpan.FromSeconds(2), default).ConfigureAwait(false)).Response!);
        }

        var memoryResolver = new ValidatingResolver(memory, anchors);
        for (int i = 0; i < 20; i++)
        {
            await memoryResolver.ResolveAsync(all[^(i + 1)], RecordType.A).ConfigureAwait(false);
        }

        // STAGES_ALLOCATION_TYPES=1: what the validate stage allocates, by type (sampled; printed to standard error).
        using AllocationSampler? sampler = Environment.GetEnvironmentVariable("STAGES_ALLOCATION_TYPES") == "1" ? new AllocationSampler() : null;
        sampler?.Start();
        int secure = 0;
        Cost validate = await MeasureAsync(count, async i =>
        {
            secure += (await memoryResolver.ResolveAsync(validateNames[i], RecordType.A).ConfigureAwait(false)).Status == DnssecStatus.Secure ? 1 : 0;
        }).ConfigureAwait(false);
        sampler?.Stop();
        sampler?.Print(Console.Error, count);
        Print("validate", count, validate, $" secure={secure}");

        secure = 0;
        using AllocationSampler? lookupSampler = sampler is null ? null : new AllocationSampler();
        lookupSampler?.Start();
        Cost lookup = await MeasureAsync(count, async i =>
        {
            secure += (await warmResolver.ResolveAsync(lookupNames[i], RecordType.A).ConfigureAwait(false)).Status == DnssecStatus.Secure ? 1 : 0;
        }).ConfigureAwait(false);
        lookupSampler?.Stop();
        lookupSampler?.Print(Console.Error, count);
        Print("lookup", count, lookup, $" secure={secure}");
        return 0;
    }

    private static async Task<DnskeyRdata[]> ZoneKeysAsync(StubResolver stub, RrsigRdata rrsig)
    {
        LookupResult keys = await stub.LookupAsync(new DnsQuestion(rrsig.SignerName, RecordType.DNSKEY), new LookupOptions { DnssecOk = true, CheckingDisabled = true }).ConfigureAwait(false);
        return [.. keys.Response!.Answers.Select(r => r.Data).OfType<DnskeyRdata>()];
    }

    // In-memory stages are repeated over the same inputs to make their CPU time measurable.
    private const int Repeat = 10;

    private static int Wrap(int i, int count, Func<int, int> operation) => operation(i % count);

    private static Cost Measure(int count, Func<int, int> operation)
    {
        using Process self = Process.GetCurrentProcess();
        GC.Collect();
        self.Refresh();
        TimeSpan cpu = self.TotalProcessorTime;
        long allocated = GC.GetTotalAllocatedBytes(precise: true);
        int sink = 0;
        for (int i = 0; i < count; i++)
        {
            sink += operation(i);
        }

        long bytes = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        self.Refresh();
        GC.KeepAlive(sink);
        return new Cost(self.TotalProcessorTime - cpu, bytes);
    }

    private static async Task<Cost> MeasureAsync(int count, Func<int, Task> operation)
    {
        using Process self = Process.GetCurrentProcess();
        GC.Collect();
        self.Refresh();
        TimeSpan cpu = self.TotalProcessorTime;
        long allocated = GC.GetTotalAllocatedBytes(precise: true);
        for (int i = 0; i < count; i++)
        {
            await operation(i).ConfigureAwait(false);
        }

        long bytes = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        self.Refresh();
        return new Cost(self.TotalProcessorTime - cpu, bytes);
    }

    private static void Print(string stage, int count, Cost cost, string extra = "") =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"stage={stage} operations={count} cpu_us_per_op={cost.Cpu.TotalMicroseconds / count:0.00} bytes_per_op={cost.Bytes / (double)count:0}{extra}"));

    private readonly record struct Cost(TimeSpan Cpu, long Bytes);

    /// <summary>Answers the A questions it was given from memory; everything else from the inner source.</summary>
    private sealed class MemorySource(IDnssecDataSource inner) : IDnssecDataSource
    {
        private readonly Dictionary<DomainName, DataSourceResponse> _answers = [];

        public void Add(DomainName name, DnsMessage response) => _answers[name] = DataSourceResponse.FromMessage(response);

        public ValueTask<DataSourceResponse> QueryAsync(DnsQuestion question, CancellationToken cancellationToken = default) =>
            question.Type == RecordType.A && _answers.TryGetValue(question.Name, out DataSourceResponse? response)
                ? new ValueTask<DataSourceResponse>(response)
                : inner.QueryAsync(question, cancellationToken);
    }
}
