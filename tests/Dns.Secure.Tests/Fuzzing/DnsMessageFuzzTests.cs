using System.Diagnostics;
using DnsSecure.Wire;
using Xunit.Abstractions;

namespace DnsSecure.Tests.Fuzzing;

/// <summary>
/// Wire-format robustness of <see cref="DnsMessage"/>: every input decodes or throws <see cref="DnsFormatException"/>,
/// and whatever decodes survives encode → decode unchanged. Runs through <see cref="DnsMessage.Decode"/>, so every
/// record type registered in RdataRegistry is fuzzed as soon as it exists. See docs/fuzzing.md.
/// </summary>
public class DnsMessageFuzzTests(ITestOutputHelper output)
{
    public static TheoryData<string> CaptureNames()
    {
        var data = new TheoryData<string>();
        foreach ((string name, _) in FuzzCorpus.Messages())
        {
            data.Add(name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CaptureNames))]
    public void Decode_Capture_RoundTripsThroughEncode(string name)
    {
        byte[] wire = FuzzCorpus.Message(name);
        DnsMessage decoded = DnsMessage.Decode(wire);

        Assert.Null(CheckRoundTrip(decoded, wire, out RoundTrip outcome));
        Assert.Equal(RoundTrip.Equal, outcome);
    }

    [Fact]
    public void Captures_HaveTheShapesTheReadmeDescribes()
    {
        DnsMessage dnskey = DnsMessage.Decode(FuzzCorpus.Message("dnskey-two-rrsigs"));
        Assert.Equal(2, dnskey.Answers.Count(r => r.Type == RecordType.DNSKEY));
        Assert.Equal(2, dnskey.Answers.Count(r => r.Type == RecordType.RRSIG));

        DnsMessage tlsa = DnsMessage.Decode(FuzzCorpus.Message("tlsa-signed"));
        Assert.Contains(tlsa.Answers, r => r.Type == RecordType.TLSA);
        Assert.Contains(tlsa.Answers, r => r.Type == RecordType.RRSIG);
        Assert.True(tlsa.Edns?.DnssecOk);

        DnsMessage nx3 = DnsMessage.Decode(FuzzCorpus.Message("nxdomain-nsec3"));
        Assert.Equal(ResponseCode.NXDomain, nx3.ResponseCode);
        Assert.True(nx3.Authorities.Count(r => r.Type == RecordType.NSEC3) >= 2);

        DnsMessage nodata = DnsMessage.Decode(FuzzCorpus.Message("nodata-nsec"));
        Assert.Equal(ResponseCode.NoError, nodata.ResponseCode);
        Assert.Empty(nodata.Answers);
        Assert.Contains(nodata.Authorities, r => r.Type == RecordType.NSEC);

        DnsMessage referral = DnsMessage.Decode(FuzzCorpus.Message("referral-ds"));
        Assert.False(referral.AuthoritativeAnswer);
        Assert.Contains(referral.Authorities, r => r.Type == RecordType.DS);

        // RFC 4035 §5.3.4: a wildcard expansion has an RRSIG whose Labels field (RDATA octet 3) is below the owner's label count.
        DnsMessage wildcard = DnsMessage.Decode(FuzzCorpus.Message("wildcard-nsec3"));
        ResourceRecord sig = wildcard.Answers.First(r => r.Type == RecordType.RRSIG);
        Assert.True(sig.Data.ToWire()[3] < sig.Name.LabelCount);

        Assert.True(DnsMessage.Decode(FuzzCorpus.Message("big-txt-udp-truncated")).Truncated);
        Assert.True(FuzzCorpus.Message("big-txt-tcp").Length > 4096);
    }

    [Fact]
    public void WireMutator_SameSeed_ProducesSameInputs()
    {
        byte[][] seeds = FuzzCorpus.Messages().Select(m => m.Wire).ToArray();
        var a = new WireMutator(7, seeds);
        var b = new WireMutator(7, seeds);
        for (int i = 0; i < 1000; i++)
        {
            Assert.Equal(a.Next(), b.Next());
        }
    }

    [Fact]
    public void Decode_MutatedCaptures_DecodeOrThrowFormatException_AndRoundTrip()
    {
        byte[][] seeds = FuzzCorpus.Messages().Select(m => m.Wire).ToArray();
        Assert.NotEmpty(seeds);
        int iterations = FuzzCorpus.Iterations;
        var mutator = new WireMutator(FuzzCorpus.Seed, seeds);
        byte[] current = [];
        int decoded = 0, rejected = 0, refused = 0, truncated = 0;
        var watch = Stopwatch.StartNew();

        string? failure = FuzzRunner.Run(iterations, i =>
        {
            byte[] input = current = mutator.Next();
            DnsMessage message;
            try
            {
                message = DnsMessage.Decode(input);
            }
            catch (DnsFormatException)
            {
                rejected++;
                return null;
            }
            catch (Exception e)
            {
                return Report(i, mutator.LastMutation, input, $"Decode threw {e.GetType().Name} instead of DnsFormatException", e);
            }

            decoded++;
            string? problem;
            try
            {
                problem = CheckRoundTrip(message, input, out RoundTrip outcome);
                refused += outcome == RoundTrip.EncodeRefused ? 1 : 0;
                truncated += outcome == RoundTrip.Truncated ? 1 : 0;
            }
            catch (Exception e)
            {
                return Report(i, mutator.LastMutation, input, $"encode/re-decode threw {e.GetType().Name}", e);
            }

            return problem is null ? null : Report(i, mutator.LastMutation, input, problem, null);
        }, () => $"input {Convert.ToHexString(current)}");

        output.WriteLine($"{iterations} mutated messages (seed {FuzzCorpus.Seed}) in {watch.Elapsed.TotalSeconds:F1} s: {decoded} decoded and round-tripped, "
            + $"{rejected} rejected with DnsFormatException, {refused} refused by Encode, {truncated} truncated on re-encode.");
        Assert.True(failure is null, failure);
        // A fuzzer whose inputs never decode tests only the first checks; the mutations are meant to keep many valid.
        Assert.True(decoded > iterations / 50, $"only {decoded} of {iterations} mutated inputs decoded");
    }

    internal enum RoundTrip
    {
        Equal,
        EncodeRefused,
        Truncated,
    }

    /// <summary>Encode → decode must give an equal message, and encoding that again the same octets.</summary>
    internal static string? CheckRoundTrip(DnsMessage message, byte[] input, out RoundTrip outcome)
    {
        outcome = RoundTrip.Equal;
        _ = message.ToString(); // presentation of any decodable data must not throw

        byte[] encoded;
        try
        {
            encoded = message.Encode();
        }
        catch (Exception e) when (e is DnsFormatException or InvalidOperationException)
        {
            // Documented refusals: an RCODE above 15 without EDNS, a question section over the size limit,
            // RDATA over 65535 octets.
            outcome = RoundTrip.EncodeRefused;
            return null;
        }

        DnsMessage again;
        try
        {
            again = DnsMessage.Decode(encoded);
        }
        catch (DnsFormatException e)
        {
            return $"our own encoding does not decode: {e.Message}\n  re-encoded {Convert.ToHexString(encoded)}";
        }

        if (again.Truncated && !message.Truncated)
        {
            // RFC 2181 §9: the re-encoding exceeded 65535 octets and dropped records (possible only when the
            // input leaned on compression the encoder does not reproduce).
            outcome = RoundTrip.Truncated;
            return null;
        }

        if (!message.Equals(again))
        {
            return $"encode → decode changed the message\n--- decoded:\n{message}\n--- after round trip:\n{again}\n  re-encoded {Convert.ToHexString(encoded)}";
        }

        byte[] encodedAgain = again.Encode();
        if (!encoded.AsSpan().SequenceEqual(encodedAgain))
        {
            return $"encoding is not stable\n  first  {Convert.ToHexString(encoded)}\n  second {Convert.ToHexString(encodedAgain)}";
        }

        _ = input;
        return null;
    }

    private static string Report(int iteration, string mutation, byte[] input, string problem, Exception? e) =>
        $"iteration {iteration} ({mutation}): {problem}\n  input {Convert.ToHexString(input)}" + (e is null ? string.Empty : $"\n{e}");
}
