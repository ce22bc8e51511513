using DnsSecure.Edns;

namespace DnsSecure.Tests.Edns;

internal static class EdnsTestHelpers
{
    public static readonly string FixtureDirectory = Path.Combine(AppContext.BaseDirectory, "TestData", "dig");

    /// <summary>Sends the option through a whole message and back.</summary>
    public static EdnsOption RoundTrip(EdnsOption option)
    {
        var message = new DnsMessage
        {
            Id = 9,
            Questions = [new DnsQuestion(DomainName.Parse("example."), RecordType.A)],
            Edns = new EdnsRecord { Options = [option] },
        };
        return Assert.Single(DnsMessage.Decode(message.Encode()).Edns!.Options);
    }

    /// <summary>A query whose OPT record holds one option with <paramref name="code"/> and <paramref name="data"/>.</summary>
    public static byte[] QueryWithOption(ushort code, byte[] data)
    {
        var m = new List<byte> { 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 7, (byte)'e', (byte)'x', (byte)'a', (byte)'m', (byte)'p', (byte)'l', (byte)'e', 0, 0, 1, 0, 1 };
        int rdLength = 4 + data.Length;
        m.AddRange([0, 0, 41, 0x04, 0xD0, 0, 0, 0, 0, (byte)(rdLength >> 8), (byte)rdLength]);
        m.AddRange([(byte)(code >> 8), (byte)code, (byte)(data.Length >> 8), (byte)data.Length]);
        m.AddRange(data);
        return [.. m];
    }

    /// <summary>The option lines dig printed in its OPT pseudosection, without the leading "; ".</summary>
    public static List<string> DigOptionLines(string path)
    {
        var lines = new List<string>();
        bool inOpt = false;
        foreach (string line in File.ReadAllLines(path))
        {
            if (line.StartsWith(";; OPT PSEUDOSECTION:", StringComparison.Ordinal))
            {
                inOpt = true;
                continue;
            }

            if (inOpt && (line.Length == 0 || line.StartsWith(";;", StringComparison.Ordinal)))
            {
                break;
            }

            if (inOpt && !line.StartsWith("; EDNS:", StringComparison.Ordinal))
            {
                lines.Add(line[2..]);
            }
        }

        return lines;
    }
}
