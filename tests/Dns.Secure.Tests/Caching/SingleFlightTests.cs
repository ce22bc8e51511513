using DnsSecure.Caching;

namespace DnsSecure.Tests.Caching;

public sealed class SingleFlightTests
{
    [Fact]
    public async Task RunAsync_ConcurrentSameKey_RunsWorkOnce()
    {
        var flight = new SingleFlight<string, int>();
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        int runs = 0;

        Task<int>[] callers = [.. Enumerable.Range(0, 200).Select(_ => flight.RunAsync("k", _ => { Interlocked.Increment(ref runs); return release.Task; }, CancellationToken.None))];
        release.SetResult(42);
        int[] results = await Task.WhenAll(callers);

        Assert.Equal(1, runs);
        Assert.All(results, r => Assert.Equal(42, r));
        Assert.Equal(0, flight.InFlightCount);
    }

    [Fact]
    public async Task RunAsync_DifferentKeys_RunSeparately()
    {
        var flight = new SingleFlight<string, string>();
        int runs = 0;

        string[] results = await Task.WhenAll(
            flight.RunAsync("a", k => { Interlocked.Increment(ref runs); return Task.FromResult(k); }, CancellationToken.None),
            flight.RunAsync("b", k => { Interlocked.Increment(ref runs); return Task.FromResult(k); }, CancellationToken.None));

        Assert.Equal(2, runs);
        Assert.Equal(["a", "b"], results);
    }

    [Fact]
    public async Task RunAsync_OneWaiterCancels_OthersStillGetTheResult()
    {
        var flight = new SingleFlight<string, int>();
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cts = new CancellationTokenSource();

        Task<int> cancelled = flight.RunAsync("k", _ => release.Task, cts.Token);
        Task<int> patient = flight.RunAsync("k", _ => release.Task, CancellationToken.None);
        await cts.CancelAsync();
        release.SetResult(7);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Equal(7, await patient);
    }

    [Fact]
    public async Task RunAsync_AfterCompletion_RunsAgain()
    {
        var flight = new SingleFlight<string, int>();
        int runs = 0;

        await flight.RunAsync("k", _ => Task.FromResult(Interlocked.Increment(ref runs)), CancellationToken.None);
        await flight.RunAsync("k", _ => Task.FromResult(Interlocked.Increment(ref runs)), CancellationToken.None);

        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task RunAsync_WorkThrows_AllWaitersSeeTheException()
    {
        var flight = new SingleFlight<string, int>();

        await Assert.ThrowsAsync<InvalidOperationException>(() => flight.RunAsync("k", _ => Task.FromException<int>(new InvalidOperationException()), CancellationToken.None));
    }
}
