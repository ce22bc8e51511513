using DnsSecure.Transport;

namespace DnsSecure.Tests.Transport;

public sealed class QueryRandomTests
{
    [Fact]
    public void NextUInt16_TenThousandIds_AreSpreadLikeUniformDraws()
    {
        // 10,000 uniform draws from 65,536 values give about 9,270 distinct ones (and a mean near 32,768); a constant, a
        // counter stuck in a block, or a block handed out twice would not.
        ushort[] ids = [.. Enumerable.Range(0, 10_000).Select(_ => QueryRandom.NextUInt16())];

        Assert.InRange(ids.Distinct().Count(), 9_000, 9_600);
        Assert.InRange(ids.Average(i => (double)i), 30_000, 35_500);
    }

    [Fact]
    public void Fill_AcrossManyBlocks_NeverRepeatsABlock()
    {
        // 64-octet requests cross block boundaries many times; each must be fresh output, never an earlier one again.
        var seen = new HashSet<string>();
        Span<byte> value = stackalloc byte[64];
        for (int i = 0; i < 1_000; i++)
        {
            QueryRandom.Fill(value);
            Assert.True(seen.Add(Convert.ToHexString(value)), $"request {i} repeated an earlier output");
        }
    }

    [Fact]
    public async Task Fill_FromTwoTasks_GivesDifferentOctets()
    {
        string[] streams = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            byte[] value = new byte[QueryRandom.BlockSize / 4];
            QueryRandom.Fill(value);
            return Convert.ToHexString(value);
        })));

        Assert.NotEqual(streams[0], streams[1]);
    }

    [Fact]
    public void Fill_LargerThanAQuarterBlock_IsFilledCompletely()
    {
        byte[] value = new byte[QueryRandom.BlockSize * 2];
        QueryRandom.Fill(value);

        // 1,024 random octets: the chance that more than 16 are zero is negligible; an unfilled buffer has 1,024.
        Assert.InRange(value.Count(b => b == 0), 0, 16);
    }
}
