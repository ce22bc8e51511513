using System.Diagnostics;
using DnsSecure.Text;
using DnsSecure.Wire;
using Xunit.Abstractions;

namespace DnsSecure.Tests.Fuzzing;

/// <summary>
/// Presentation-format robustness of <see cref="ZoneFileReader"/> (and through it ZoneTokenizer, RdataTextReader and
/// every registered type's text parser): mutated zone text either reads or throws <see cref="DnsFormatException"/>.
/// </summary>
public class ZoneFileFuzzTests(ITestOutputHelper output)
{
    private static readonly ZoneFileReaderOptions s_options = new() { DefaultTtl = 3600 };

    [Fact]
    public void Read_GenericFormOfCapturedRecords_ReadsTheSameRecords()
    {
        foreach ((string name, byte[] wire) in FuzzCorpus.Messages())
        {
            DnsMessage message = DnsMessage.Decode(wire);
            string text = string.Concat(message.AllRecords.Select(r =>
                $"{r.Name} {r.Ttl} CLASS{(ushort)r.Class} TYPE{(ushort)r.Type} {r.Data.ToGenericText()}\n"));

            List<ResourceRecord> read = new ZoneFileReader(text, s_options).ReadRecords().ToList();

            Assert.True(message.AllRecords.SequenceEqual(read), $"{name}: the RFC 3597 form did not read back to the same records");
        }
    }

    [Fact]
    public void Read_MutatedZoneText_ReadsOrThrowsFormatException()
    {
        IReadOnlyList<string> seeds = FuzzCorpus.ZoneTextSeeds();
        Assert.NotEmpty(seeds);
        int iterations = FuzzCorpus.Iterations;
        var mutator = new TextMutator(FuzzCorpus.Seed, seeds);
        string current = string.Empty;
        int read = 0, rejected = 0;
        long records = 0;
        var watch = Stopwatch.StartNew();

        string? failure = FuzzRunner.Run(iterations, i =>
        {
            string input = current = mutator.Next();
            try
            {
                foreach (ResourceRecord rr in new ZoneFileReader(input, s_options).ReadRecords())
                {
                    _ = rr.ToString(); // whatever reads must also print
                    records++;
                }

                read++;
                return null;
            }
            catch (DnsFormatException)
            {
                rejected++;
                return null;
            }
            catch (Exception e)
            {
                return $"iteration {i} ({mutator.LastMutation}): ZoneFileReader threw {e.GetType().Name} instead of DnsFormatException\n"
                    + $"--- input:\n{input}\n--- end of input\n{e}";
            }
        }, () => $"input:\n{current}");

        output.WriteLine($"{iterations} mutated zone texts (seed {FuzzCorpus.Seed}) in {watch.Elapsed.TotalSeconds:F1} s: {read} read ({records} records), {rejected} rejected.");
        Assert.True(failure is null, failure);
        Assert.True(read > iterations / 50, $"only {read} of {iterations} mutated texts read");
    }
}
