using System.Diagnostics;
using DnsSecure.Tests.TestSupport;
using DnsSecure.Transport.EventLoop;

namespace DnsSecure.Tests.Transport;

/// <summary>
/// When callers stop resuming on the loop thread: slow completions build a debt that drains at 10 ms per second, and
/// beyond 50 ms callers resume on the thread pool for 10 s (doubled on a repeat). The policy is process-wide, so these
/// tests run alone (the collection is not parallel) and put it back as they found it.
/// </summary>
[Collection(NetworkLoadCollection.Name)]
public sealed class InlineContinuationPolicyTests : IDisposable
{
    private static readonly long s_second = Stopwatch.Frequency;
    private static readonly long s_millisecond = Stopwatch.Frequency / 1000;

    public InlineContinuationPolicyTests()
    {
        InlineContinuationPolicy.Reset();
        InlineContinuationPolicy.Enabled = true;
    }

    public void Dispose() => InlineContinuationPolicy.Reset();

    [Fact]
    public void Observe_WhileDisabled_CountsNothing()
    {
        int slowBefore = InlineContinuationPolicy.SlowCompletions;
        InlineContinuationPolicy.Enabled = false;
        try
        {
            InlineContinuationPolicy.Observe(Stopwatch.GetTimestamp(), 100 * s_millisecond, 0, TimeSpan.Zero);
        }
        finally
        {
            InlineContinuationPolicy.Enabled = true;
        }

        Assert.Equal(slowBefore, InlineContinuationPolicy.SlowCompletions);
        Assert.True(InlineContinuationPolicy.InlineAllowed);
    }

    [Fact]
    public void Observe_OneSlowCompletion_LeavesInlineResumptionOn()
    {
        int slowBefore = InlineContinuationPolicy.SlowCompletions;

        InlineContinuationPolicy.Observe(Stopwatch.GetTimestamp(), 30 * s_millisecond, compiledDuringPass: 0, TimeSpan.Zero);

        Assert.Equal(slowBefore + 1, InlineContinuationPolicy.SlowCompletions);
        Assert.True(InlineContinuationPolicy.InlineAllowed);
    }

    [Fact]
    public void Observe_SlowCompletionsBeyondTheDebtLimit_PauseInlineResumption()
    {
        int pausesBefore = InlineContinuationPolicy.Pauses;
        long now = Stopwatch.GetTimestamp();

        InlineContinuationPolicy.Observe(now, 30 * s_millisecond, 0, TimeSpan.Zero);
        InlineContinuationPolicy.Observe(now + s_millisecond, 30 * s_millisecond, 0, TimeSpan.Zero);

        Assert.False(InlineContinuationPolicy.InlineAllowed);
        Assert.Equal(pausesBefore + 1, InlineContinuationPolicy.Pauses);
    }

    [Fact]
    public void Observe_CompletionsThatCompiledCodeOrWaitedForTheGc_AreExcused()
    {
        int slowBefore = InlineContinuationPolicy.SlowCompletions;
        long now = Stopwatch.GetTimestamp();

        for (int i = 0; i < 10; i++)
        {
            InlineContinuationPolicy.Observe(now + i, 100 * s_millisecond, compiledDuringPass: 3, TimeSpan.Zero);
            InlineContinuationPolicy.Observe(now + i, 100 * s_millisecond, compiledDuringPass: 0, TimeSpan.FromMilliseconds(97));
        }

        Assert.Equal(slowBefore, InlineContinuationPolicy.SlowCompletions);
        Assert.True(InlineContinuationPolicy.InlineAllowed);
    }

    [Fact]
    public void Observe_CompletionsUnderTheThreshold_AreNotSlow()
    {
        int slowBefore = InlineContinuationPolicy.SlowCompletions;
        long now = Stopwatch.GetTimestamp();

        for (int i = 0; i < 100; i++)
        {
            InlineContinuationPolicy.Observe(now + i, 4 * s_millisecond, 0, TimeSpan.Zero);
        }

        Assert.False(InlineContinuationPolicy.MayBeSlow(4 * s_millisecond));
        Assert.True(InlineContinuationPolicy.MayBeSlow(5 * s_millisecond));
        Assert.Equal(slowBefore, InlineContinuationPolicy.SlowCompletions);
        Assert.True(InlineContinuationPolicy.InlineAllowed);
    }

    [Fact]
    public void Observe_SlowCompletionsFarApart_DrainAndNeverPause()
    {
        int pausesBefore = InlineContinuationPolicy.Pauses;
        long start = Stopwatch.GetTimestamp() - (100 * s_second);

        // 30 ms every 5 s: 50 ms drain between two, so the debt never passes 30 ms.
        for (int i = 0; i < 20; i++)
        {
            InlineContinuationPolicy.Observe(start + (i * 5 * s_second), 30 * s_millisecond, 0, TimeSpan.Zero);
        }

        Assert.Equal(pausesBefore, InlineContinuationPolicy.Pauses);
        Assert.True(InlineContinuationPolicy.InlineAllowed);
    }

    [Fact]
    public void InlineAllowed_AfterThePause_IsOnAgain()
    {
        // A pause that began 11 s ago (10 s long) is over.
        long then = Stopwatch.GetTimestamp() - (11 * s_second);
        InlineContinuationPolicy.Observe(then, 60 * s_millisecond, 0, TimeSpan.Zero);

        Assert.True(InlineContinuationPolicy.InlineAllowed);
    }

    [Theory]
    [InlineData(25, 15, false)] // 10 s apart: the second lasts 20 s, so it is still on (a 10 s one would have ended 5 s ago)
    [InlineData(1211, 11, true)] // 20 min apart: the second is not doubled, so it ended 1 s ago
    public void Observe_APauseAfterAnother_IsDoubledOnlyWhenSoonAfterIt(int firstSecondsAgo, int secondSecondsAgo, bool overNow)
    {
        long now = Stopwatch.GetTimestamp();
        InlineContinuationPolicy.Observe(now - (firstSecondsAgo * s_second), 60 * s_millisecond, 0, TimeSpan.Zero);
        InlineContinuationPolicy.Observe(now - (secondSecondsAgo * s_second), 60 * s_millisecond, 0, TimeSpan.Zero);

        Assert.Equal(overNow, InlineContinuationPolicy.InlineAllowed);
    }
}
