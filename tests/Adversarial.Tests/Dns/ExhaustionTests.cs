using System.Diagnostics;
using System.Net;
using Adversarial.Tests.Support;
using DnsSecure;
using DnsSecure.Dnssec;
using DnsSecure.Records;
using DnsSecure.Resolution;
using DnsSecure.Testing.Hierarchy;
using DnsSecure.Testing.Server;

namespace Adversarial.Tests.Dns;

/// <summary>
/// Resource exhaustion: every attack must end, with a bounded amount of CPU and memory (measured per attempt and
/// reported), and without a secure answer carrying data the zone does not hold. CPU bounds asserted here are loose
/// ceilings that catch unbounded work (a loop, an exponential walk), not performance targets.
/// </summary>
[Collection(AttackCollection.Name)]
public sealed class ExhaustionTests(ITestOutputHelper output)
{
    private static readonly IPAddress Real = IPAddress.Loopback;

    /// <summary>A generous ceiling on one attempt's process CPU time: far above any bounded validation, far below a runaway one.</summary>
    private static readonly double CpuCeilingMs = AdversarialMode.Scale(20_000, 60_000);

    /// <summary>The validator's query budget per lookup; its counter also counts the one attempt it refused.</summary>
    private static readonly int QueryCeiling = new ValidatingResolverOptions().MaxQueriesPerLookup + 1;

    [Fact]
    public async Task KeyTrap_CollidingKeysAndSignatures_IsRefusedWithBoundedWork()
    {
        (int keys, int sigs) = AdversarialMode.IsLong ? (240, 240) : (64, 64);
        await using SignedTree tree = await SignedTree.CreateAsync(b => b.AddZone("example.").WithAddress(Real, "www"));
        tree.Hierarchy.Server.Faults.AddForName(DomainName.Parse("example."), Fault.OversizedKeySet(keys, sigs), RecordType.DNSKEY);
        var attack = Attack.Begin($"exhaustion: KeyTrap DNSKEY set ({keys} colliding keys, {sigs} signatures)", output);

        ValidatedLookup last = null!;
        for (int i = 0; i < AdversarialMode.Scale(3, 20); i++)
        {
            tree.Resolver.ClearCache();
            tree.Stub.ClearCache();
            last = await attack.MeasureAsync(() => tree.Resolver.ResolveAsync("www.example.", RecordType.A).AsTask());
            attack.Judge(!Truth.IsWronglySecure(last, Real), Truth.Describe(last));
        }

        AttackRow row = attack.Complete();
        Assert.True(row.MaxCpuMilliseconds < CpuCeilingMs, $"{row.MaxCpuMilliseconds} ms CPU");
        Assert.NotEqual(DnssecStatus.Secure, last.Status);
    }

    [Fact]
    public async Task KeyTrap_ManyBadSignaturesOverOneRrset_IsBoundedAndStillFindsTheRealOne()
    {
        int copies = AdversarialMode.Scale(100, 400);
        await using SignedTree tree = await SignedTree.CreateAsync(b => b.AddZone("example.").WithAddress(Real, "www"), lying: true);
        // Many RRSIGs with the real key tag and garbage signatures in front of the real one.
        tree.Lying.Rewrite = (q, real) =>
        {
            if (q.Question.Type != RecordType.A)
            {
                return real;
            }

            ResourceRecord sig = real.Answers.First(r => r.Type == RecordType.RRSIG);
            var data = (RrsigRdata)sig.Data;
            var bogus = Enumerable.Range(0, copies).Select(i =>
            {
                byte[] garbage = data.Signature.ToArray();
                garbage[i % garbage.Length] ^= (byte)(1 + (i % 255));
                return sig with { Data = new RrsigRdata(data.TypeCovered, data.Algorithm, data.Labels, data.OriginalTtl, data.SignatureExpiration, data.SignatureInception, data.KeyTag, data.SignerName, garbage) };
            });
            return real with { Answers = [.. real.Answers.Where(r => r.Type != RecordType.RRSIG), .. bogus, sig] };
        };
        var attack = Attack.Begin($"exhaustion: {copies} bad RRSIGs over one RRset", output);

        for (int i = 0; i < AdversarialMode.Scale(3, 20); i++)
        {
            tree.Resolver.ClearCache();
            tree.Stub.ClearCache();
            ValidatedLookup r = await attack.MeasureAsync(() => tree.Resolver.ResolveAsync("www.example.", RecordType.A).AsTask());
            attack.Judge(!Truth.IsWronglySecure(r, Real), Truth.Describe(r));
        }

        AttackRow row = attack.Complete();
        Assert.True(row.MaxCpuMilliseconds < CpuCeilingMs, $"{row.MaxCpuMilliseconds} ms CPU");
    }

    [Fact]
    public async Task Nsec3HugeIterations_AreRefusedWithoutHashingThem()
    {
        await using SignedTree tree = await SignedTree.CreateAsync(b => b.AddZone("example.").WithNsec3().WithAddress(Real, "www"));
        ZoneEdits.Resign(tree.Hierarchy, "example.", options: o =>
        {
            o.Denial = DnsSecure.Testing.Signing.DenialOfExistence.Nsec3;
            o.Nsec3Iterations = 2500;
            o.Nsec3Salt = new byte[] { 0xAB, 0xCD, 0xEF, 0x01 };
        });
        var attack = Attack.Begin("exhaustion: NSEC3 with 2500 iterations", output);

        ValidatedLookup last = null!;
        for (int i = 0; i < AdversarialMode.Scale(5, 50); i++)
        {
            tree.Resolver.ClearCache();
            last = await attack.MeasureAsync(() => tree.Resolver.ResolveAsync($"_443._tcp.nothere{i}.example.", RecordType.TLSA).AsTask());
            attack.Judge(last.Status != DnssecStatus.Secure && last.Answers.IsEmpty, Truth.Describe(last));
        }

        AttackRow row = attack.Complete();
        Assert.True(row.MaxCpuMilliseconds < CpuCeilingMs, $"{row.MaxCpuMilliseconds} ms CPU");
        Assert.Equal(ValidationFailureKind.Nsec3IterationsTooHigh, last.Failure?.Kind);
    }

    [Fact]
    public async Task ManyNsec3ProofsInOneAnswer_AreBounded()
    {
        int names = AdversarialMode.Scale(60, 200);
        await using SignedTree tree = await SignedTree.CreateAsync(
            b =>
            {
                TestZoneBuilder z = b.AddZone("example.").WithNsec3();
                for (int i = 0; i < names; i++)
                {
                    z.WithAddress(Real, $"host{i}");
                }
            },
            lying: true);
        // Every NSEC3 record of the zone, each with its valid RRSIG, stuffed into one NXDOMAIN.
        var proofs = new Dictionary<string, ResourceRecord>();
        for (int i = 0; i < names; i++)
        {
            DnsMessage nx = await tree.AskServerAsync($"host{i}x.example.", RecordType.A);
            foreach (ResourceRecord r in nx.Authorities.Where(r => r.Type is RecordType.NSEC3 or RecordType.RRSIG))
            {
                proofs.TryAdd(r.ToString(), r);
            }
        }

        tree.Lying.Rewrite = (q, real) => real.ResponseCode == ResponseCode.NXDomain
            ? real with { Authorities = [.. real.Authorities.Where(r => r.Type == RecordType.SOA || r.Data is RrsigRdata { TypeCovered: RecordType.SOA }), .. proofs.Values] }
            : real;
        var attack = Attack.Begin($"exhaustion: {proofs.Count} NSEC3 records and RRSIGs in one NXDOMAIN", output);

        for (int i = 0; i < AdversarialMode.Scale(5, 30); i++)
        {
            tree.Resolver.ClearCache();
            tree.Stub.ClearCache();
            ValidatedLookup r = await attack.MeasureAsync(() => tree.Resolver.ResolveAsync($"nothere{i}.example.", RecordType.A).AsTask());
            attack.Judge(r.Answers.IsEmpty && r.ResponseCode != ResponseCode.NoError || !r.IsSecure, Truth.Describe(r));
        }

        AttackRow row = attack.Complete();
        Assert.True(row.MaxCpuMilliseconds < CpuCeilingMs, $"{row.MaxCpuMilliseconds} ms CPU");
    }

    public static TheoryData<string> Chains() => ["cname chain", "cname loop", "dname chain", "dname loop"];

    [Theory]
    [MemberData(nameof(Chains))]
    public async Task LongAliasChainsAndLoops_EndBoundedAndNeverSecureWrongly(string shape)
    {
        int length = AdversarialMode.Scale(40, 200);
        await using SignedTree tree = await SignedTree.CreateAsync(b =>
        {
            TestZoneBuilder z = b.AddZone("example.").WithAddress(Real, "www").WithAddress(Real, "www.target");
            switch (shape)
            {
                case "cname chain":
                    for (int i = 0; i < length; i++)
                    {
                        z.WithRecord($"c{i} CNAME {(i + 1 < length ? $"c{i + 1}" : "www")}");
                    }

                    break;
                case "cname loop":
                    z.WithRecord("c0 CNAME c1").WithRecord("c1 CNAME c2").WithRecord("c2 CNAME c0");
                    break;
                case "dname chain":
                    for (int i = 0; i < length; i++)
                    {
                        z.WithRecord($"d{i} DNAME {(i + 1 < length ? $"d{i + 1}" : "target")}.example.");
                    }

                    break;
                default:
                    z.WithRecord("d0 DNAME d1.example.").WithRecord("d1 DNAME d0.example.");
                    break;
            }
        });
        string qname = shape.StartsWith("cname", StringComparison.Ordinal) ? "c0.example." : "www.d0.example.";
        var attack = Attack.Begin($"exhaustion: {shape}{(shape.EndsWith("chain", StringComparison.Ordinal) ? $" of {length}" : "")}", output);

        for (int i = 0; i < AdversarialMode.Scale(3, 20); i++)
        {
            tree.Resolver.ClearCache();
            tree.Stub.ClearCache();
            using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            ValidatedLookup r = await attack.MeasureAsync(() => tree.Resolver.ResolveAsync(qname, RecordType.A, guard.Token).AsTask());
            attack.Judge(!Truth.IsWronglySecure(r, Real) && r.UpstreamQueries <= QueryCeiling, Truth.Describe(r) + $", {r.UpstreamQueries} queries");
        }

        AttackRow row = attack.Complete();
        Assert.True(row.MaxCpuMilliseconds < CpuCeilingMs, $"{row.MaxCpuMilliseconds} ms CPU");
    }

    [Fact]
    public async Task DeepDelegationChain_IsBoundedInQueriesAndWork()
    {
        int depth = AdversarialMode.Scale(14, 40);
        string name = "example.";
        var zones = new List<string>();
        for (int i = 0; i < depth; i++)
        {
            name = $"l{i}.{name}";
            zones.Add(name);
        }

        await using SignedTree tree = await SignedTree.CreateAsync(b =>
        {
            b.AddZone("example.");
            foreach (string z in zones)
            {
                b.AddZone(z);
            }

            b.AddZone(zones[^1]).WithAddress(Real, "www");
        });
        var attack = Attack.Begin($"exhaustion: delegation chain {depth} zones deep", output);

        for (int i = 0; i < AdversarialMode.Scale(2, 10); i++)
        {
            tree.Resolver.ClearCache();
            tree.Stub.ClearCache();
            ValidatedLookup r = await attack.MeasureAsync(() => tree.Resolver.ResolveAsync("www." + zones[^1], RecordType.A).AsTask());
            attack.Judge(!Truth.IsWronglySecure(r, Real) && r.UpstreamQueries <= QueryCeiling, Truth.Describe(r) + $", {r.UpstreamQueries} queries");
        }

        AttackRow row = attack.Complete();
        Assert.True(row.MaxCpuMilliseconds < CpuCeilingMs, $"{row.MaxCpuMilliseconds} ms CPU");
    }

    [Fact]
    public async Task HugeTcpResponse_IsReadWithinTheMessageLimitAndNotTrusted()
    {
        await using SignedTree tree = await SignedTree.CreateAsync(b => b.AddZone("example.").WithAddress(Real, "www"), lying: true);
        tree.Lying.TruncateUdp = true;
        // Close to 64 KiB of unsigned junk around the real answer.
        ResourceRecord[] junk = [.. Enumerable.Range(0, 250).Select(i => ResourceRecord.Parse($"junk{i}.example. 3600 IN TXT \"{new string('x', 250)}\""))];
        tree.Lying.Rewrite = (q, real) => q.Question.Type == RecordType.A
            ? real with { Answers = [.. real.Answers, new ResourceRecord(q.Question.Name, 3600, new ARdata(Truth.Forged))], Additionals = [.. real.Additionals, .. junk] }
            : real;
        var attack = Attack.Begin("exhaustion: ~64 KiB TCP answers with forged extras", output);

        for (int i = 0; i < AdversarialMode.Scale(5, 50); i++)
        {
            tree.Resolver.ClearCache();
            tree.Stub.ClearCache();
            ValidatedLookup r = await attack.MeasureAsync(() => tree.Resolver.ResolveAsync("www.example.", RecordType.A).AsTask());
            attack.Judge(!r.IsSecure || !Truth.HasForged(r), Truth.Describe(r));
        }

        AttackRow row = attack.Complete();
        Assert.True(row.MaxCpuMilliseconds < CpuCeilingMs, $"{row.MaxCpuMilliseconds} ms CPU");
    }

    [Fact]
    public async Task DripFeedingServer_GivesUpWithinTheResolverTimeout()
    {
        await using SignedTree tree = await SignedTree.CreateAsync(b => b.AddZone("example.").WithAddress(Real, "www"), lying: true);
        tree.Lying.TruncateUdp = true;
        tree.Lying.TcpDrip = TimeSpan.FromMilliseconds(250);
        var attack = Attack.Begin("exhaustion: drip-feeding TCP server (1 octet / 250 ms)", output);

        for (int i = 0; i < AdversarialMode.Scale(2, 10); i++)
        {
            tree.Resolver.ClearCache();
            tree.Stub.ClearCache();
            using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            var clock = Stopwatch.StartNew();
            ValidatedLookup r = await attack.MeasureAsync(() => tree.Resolver.ResolveAsync("www.example.", RecordType.A, guard.Token).AsTask());
            output.WriteLine($"attempt {i}: {Truth.Describe(r)} after {clock.Elapsed.TotalSeconds:0.0} s");
            attack.Judge(!r.IsSecure && !guard.IsCancellationRequested, Truth.Describe(r));
        }

        attack.Complete();
    }

    [Fact]
    public async Task ManyConcurrentLookups_AreAnsweredCorrectlyWithBoundedMemory()
    {
        int count = AdversarialMode.Scale(1000, 20000);
        await using SignedTree tree = await SignedTree.CreateAsync(b => b.AddZone("example.").WithNsec3().WithAddress(Real, "www"));
        var attack = Attack.Begin($"exhaustion: {count} concurrent lookups", output);

        ValidatedLookup[] results = await attack.MeasureAsync(() => Task.WhenAll(Enumerable.Range(0, count).Select(i =>
            tree.Resolver.ResolveAsync(i % 10 == 0 ? "www.example." : $"n{i}.example.", RecordType.A).AsTask())));
        for (int i = 0; i < count; i++)
        {
            ValidatedLookup r = results[i];
            bool right = i % 10 == 0 ? Truth.IsReal(r, Real) || !r.IsSecure : r.Answers.IsEmpty || !r.IsSecure;
            attack.Judge(right, Truth.Describe(r));
        }

        AttackRow row = attack.Complete();
        output.WriteLine($"{results.Count(r => r.IsSecure)} of {count} secure; {tree.Resolver.UpstreamQueryCount} upstream queries");
        Assert.True(results.Count(r => r.IsSecure) >= count * 9 / 10, "most lookups should complete under load");
    }
}
