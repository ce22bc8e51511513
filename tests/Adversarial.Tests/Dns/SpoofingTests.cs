using System.Net;
using System.Net.Sockets;
using Adversarial.Tests.Support;
using DnsSecure;
using DnsSecure.Dnssec;
using DnsSecure.Records;
using DnsSecure.Resolution;

namespace Adversarial.Tests.Dns;

/// <summary>
/// RFC 3833 §2.2 (ID guessing and query prediction) and §2.3 (name chaining): forged responses racing the real one,
/// from the wrong address, for the wrong question, and records the answer was never asked for.
/// </summary>
[Collection(AttackCollection.Name)]
public sealed class SpoofingTests(ITestOutputHelper output)
{
    private static readonly IPAddress Real = IPAddress.Loopback;
    private static readonly IPAddress VictimReal = IPAddress.Parse("127.0.0.2");

    private static Task<SignedTree> CreateTreeAsync() => SignedTree.CreateAsync(
        b =>
        {
            b.AddZone("example.").WithAddress(Real, "www");
            b.AddZone("victim.").WithAddress(VictimReal, "www");
        },
        lying: true);

    [Fact]
    public async Task IdGuessingFlood_RacingTheRealAnswer_NeverYieldsASecureForgedAnswer()
    {
        await using SignedTree tree = await CreateTreeAsync();
        int perQuery = AdversarialMode.Scale(200, 4000);
        var random = new Random(AdversarialMode.Seed);
        long sent = 0;
        // The strongest off-path attacker: knows the server, the client's port and the question; guesses the ID.
        tree.Lying.BeforeUdpReply = async (socket, client, query) =>
        {
            for (int i = 0; i < perQuery; i++)
            {
                ushort guess = (ushort)random.Next(ushort.MaxValue + 1);
                await socket.SendToAsync(Truth.ForgedAnswer(query, guess).Encode(), SocketFlags.None, client);
                Interlocked.Increment(ref sent);
            }
        };
        var attack = Attack.Begin("spoof: ID-guessing flood racing the real answer", output);

        int lookups = AdversarialMode.Scale(15, 150);
        for (int i = 0; i < lookups; i++)
        {
            tree.Resolver.ClearCache();
            tree.Stub.ClearCache();
            ValidatedLookup r = await attack.MeasureAsync(() => tree.Resolver.ResolveAsync("www.example.", RecordType.A).AsTask());
            attack.Judge(!Truth.IsWronglySecure(r, Real), Truth.Describe(r));
        }

        output.WriteLine($"{Interlocked.Read(ref sent)} forged responses sent");
        attack.Complete();
        tree.Lying.BeforeUdpReply = null;
        tree.Resolver.ClearCache();
        tree.Stub.ClearCache();
        Assert.True(Truth.IsReal(await tree.Resolver.ResolveAsync("www.example.", RecordType.A), Real));
    }

    [Fact]
    public async Task ForgedAnswerWithTheRightId_UnsignedData_IsBogusNeverSecure()
    {
        await using SignedTree tree = await CreateTreeAsync();
        // An on-path attacker sees the ID: its unsigned answer reaches the stub first.
        tree.Lying.BeforeUdpReply = async (socket, client, query) =>
        {
            if (query.Question.Type == RecordType.A)
            {
                await socket.SendToAsync(Truth.ForgedAnswer(query, query.Id).Encode(), SocketFlags.None, client);
            }
        };
        var attack = Attack.Begin("spoof: forged answer with the right ID (unsigned)", output);

        ValidatedLookup last = null!;
        for (int i = 0; i < AdversarialMode.Scale(5, 50); i++)
        {
            tree.Resolver.ClearCache();
            tree.Stub.ClearCache();
            last = await attack.MeasureAsync(() => tree.Resolver.ResolveAsync("www.example.", RecordType.A).AsTask());
            attack.Judge(!last.IsSecure, Truth.Describe(last));
        }

        attack.Complete();
        Assert.Equal(DnssecStatus.Bogus, last.Status);
        Assert.Equal(ValidationFailureKind.MissingSignature, last.Failure!.Kind);
    }

    [Fact]
    public async Task ForgedAnswerWithTheRightId_OnceTheBogusVerdictExpires_TheRealAnswerIsBack()
    {
        var clock = new ShiftedClock(TimeSpan.Zero);
        await using SignedTree tree = await SignedTree.CreateAsync(
            b =>
            {
                b.AddZone("example.").WithAddress(Real, "www");
                b.AddZone("victim.").WithAddress(VictimReal, "www");
            },
            lying: true,
            validatorClock: clock);
        bool attacking = true;
        tree.Lying.BeforeUdpReply = async (socket, client, query) =>
        {
            if (attacking && query.Question.Type == RecordType.A)
            {
                // A long TTL: the forgery tries to outlive the validator's bogus verdict in any cache below it.
                DnsMessage forged = Truth.ForgedAnswer(query, query.Id);
                await socket.SendToAsync((forged with { Answers = [forged.Answers[0] with { Ttl = 86400 }] }).Encode(), SocketFlags.None, client);
            }
        };
        var attack = Attack.Begin("poisoning: forged answer outliving its bogus verdict", output);

        for (int i = 0; i < AdversarialMode.Scale(3, 30); i++)
        {
            attacking = true;
            ValidatedLookup during = await attack.MeasureAsync(() => tree.Resolver.ResolveAsync("www.example.", RecordType.A).AsTask());
            attack.Judge(during.Status == DnssecStatus.Bogus, "during " + Truth.Describe(during));
            attacking = false;
            clock.Advance(new ValidatingResolverOptions().BogusCacheDuration + TimeSpan.FromSeconds(1));
            ValidatedLookup after = await attack.MeasureAsync(() => tree.Resolver.ResolveAsync("www.example.", RecordType.A).AsTask());
            attack.Judge(Truth.IsReal(after, Real), "after " + Truth.Describe(after));
            clock.Advance(TimeSpan.FromHours(2)); // past the real answer's TTL (3600 s), so the next round asks again
        }

        attack.Complete();
    }

    [Fact]
    public async Task WrongSourceAddress_RightIdAndQuestion_IsIgnored()
    {
        await using SignedTree tree = await CreateTreeAsync();
        using var otherPort = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        otherPort.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var otherAddress = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        otherAddress.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
        tree.Lying.BeforeUdpReply = async (_, client, query) =>
        {
            byte[] forged = Truth.ForgedAnswer(query, query.Id).Encode();
            await otherPort.SendToAsync(forged, SocketFlags.None, client);
            await otherAddress.SendToAsync(forged, SocketFlags.None, client);
            await Task.Delay(20);
        };
        var attack = Attack.Begin("spoof: right ID and question from the wrong address/port", output);

        for (int i = 0; i < AdversarialMode.Scale(10, 100); i++)
        {
            tree.Resolver.ClearCache();
            tree.Stub.ClearCache();
            ValidatedLookup r = await attack.MeasureAsync(() => tree.Resolver.ResolveAsync("www.example.", RecordType.A).AsTask());
            attack.Judge(Truth.IsReal(r, Real), Truth.Describe(r));
            LookupResult stub = await tree.Stub.LookupAsync(DomainName.Parse("www.example."), RecordType.A, new LookupOptions { BypassCache = true });
            attack.Judge(stub.AnswerRrsets.SelectMany(s => s.Records).All(rr => rr.Data is not ARdata a || a.Address.Equals(Real)), $"stub {stub.Status}");
        }

        attack.Complete();
    }

    [Fact]
    public async Task MismatchedQuestion_RightIdFromTheRightAddress_IsIgnored()
    {
        await using SignedTree tree = await CreateTreeAsync();
        tree.Lying.BeforeUdpReply = async (socket, client, query) =>
        {
            // Same ID, same source, but for another name, another type, another class.
            await socket.SendToAsync(Truth.ForgedAnswer(query, query.Id, DomainName.Parse("www.victim.")).Encode(), SocketFlags.None, client);
            DnsMessage otherType = Truth.ForgedAnswer(query, query.Id) with { Questions = [query.Question with { Type = RecordType.AAAA }] };
            await socket.SendToAsync(otherType.Encode(), SocketFlags.None, client);
            DnsMessage otherClass = Truth.ForgedAnswer(query, query.Id) with { Questions = [query.Question with { Class = RecordClass.CH }] };
            await socket.SendToAsync(otherClass.Encode(), SocketFlags.None, client);
        };
        var attack = Attack.Begin("spoof: right ID, mismatched question", output);

        for (int i = 0; i < AdversarialMode.Scale(10, 100); i++)
        {
            tree.Resolver.ClearCache();
            tree.Stub.ClearCache();
            ValidatedLookup r = await attack.MeasureAsync(() => tree.Resolver.ResolveAsync("www.example.", RecordType.A).AsTask());
            attack.Judge(Truth.IsReal(r, Real), Truth.Describe(r));
        }

        attack.Complete();
    }

    [Fact]
    public async Task UnsolicitedAndOutOfBailiwickRecords_DoNotChangeAnyLaterAnswer()
    {
        await using SignedTree tree = await CreateTreeAsync();
        DomainName victim = DomainName.Parse("www.victim.");
        DomainName victimNs = DomainName.Parse("ns1.victim.");
        DnsMessage victimAnswer = await tree.AskServerAsync("www.victim.", RecordType.A);
        // Every answer about example. also carries records about victim.: in the answer, as a delegation and glue,
        // and in the additional section, with the victim's real RRSIG copied next to the forged data.
        ResourceRecord[] realSig = [.. victimAnswer.Answers.Where(r => r.Type == RecordType.RRSIG)];
        tree.Lying.Rewrite = (query, real) => query.Question.Name.IsSubdomainOf(DomainName.Parse("example.")) ? real with
        {
            Answers = [.. real.Answers, new ResourceRecord(victim, 86400, new ARdata(Truth.Forged)), .. realSig],
            Authorities = [.. real.Authorities, new ResourceRecord(DomainName.Parse("victim."), 86400, new NsRdata(victimNs))],
            Additionals = [.. real.Additionals, new ResourceRecord(victimNs, 86400, new ARdata(Truth.Forged)), new ResourceRecord(victim, 86400, new ARdata(Truth.Forged))],
        } : real;
        var attack = Attack.Begin("poisoning: unsolicited and out-of-bailiwick records", output);

        for (int i = 0; i < AdversarialMode.Scale(10, 100); i++)
        {
            ValidatedLookup poisoned = await attack.MeasureAsync(() => tree.Resolver.ResolveAsync($"www{i}.example.", RecordType.A).AsTask());
            ValidatedLookup carrier = await tree.Resolver.ResolveAsync("www.example.", RecordType.A);
            attack.Judge(!Truth.HasForged(poisoned) || !poisoned.IsSecure, "carrier " + Truth.Describe(poisoned));
            // Later answers, from the caches the attack went through: the validator's and the stub's.
            ValidatedLookup later = await tree.Resolver.ResolveAsync(victim, RecordType.A);
            attack.Judge(Truth.IsReal(later, VictimReal), "later " + Truth.Describe(later));
            LookupResult stubLater = await tree.Stub.LookupAsync(victim, RecordType.A, LookupOptions.Dnssec);
            attack.Judge(stubLater.AnswerRrsets.SelectMany(s => s.Records).All(rr => rr.Data is not ARdata a || a.Address.Equals(VictimReal)), "stub later");
            ValidatedLookup victimNsLater = await tree.Resolver.ResolveAsync(victimNs, RecordType.A);
            attack.Judge(!Truth.HasForged(victimNsLater), "glue later " + Truth.Describe(victimNsLater));
            Assert.True(Truth.IsReal(carrier, Real), Truth.Describe(carrier));
        }

        attack.Complete();
    }

    [Fact]
    public async Task ForgedReferral_ToAnAttackerServer_IsBogusNeverSecure()
    {
        await using SignedTree tree = await CreateTreeAsync();
        DomainName evilNs = DomainName.Parse("ns.evil.");
        // The answer for www.victim. becomes a referral: no answer, NS to the attacker, out-of-bailiwick glue.
        tree.Lying.Rewrite = (query, real) => query.Question.Name == DomainName.Parse("www.victim.") && query.Question.Type == RecordType.A ? real with
        {
            AuthoritativeAnswer = false,
            Answers = [],
            Authorities = [new ResourceRecord(DomainName.Parse("www.victim."), 86400, new NsRdata(evilNs))],
            Additionals = [new ResourceRecord(evilNs, 86400, new ARdata(Truth.Forged))],
        } : real;
        var attack = Attack.Begin("spoof: forged referral with out-of-bailiwick glue", output);

        for (int i = 0; i < AdversarialMode.Scale(5, 50); i++)
        {
            tree.Resolver.ClearCache();
            ValidatedLookup r = await attack.MeasureAsync(() => tree.Resolver.ResolveAsync("www.victim.", RecordType.A).AsTask());
            attack.Judge(!r.IsSecure && !Truth.HasForged(r), Truth.Describe(r));
        }

        attack.Complete();
    }
}
