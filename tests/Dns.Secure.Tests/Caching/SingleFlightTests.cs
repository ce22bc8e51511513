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

        Task<int>[] callers = [.. Enumerable.Range(0, 200).Select(_ => flight.RunAsync("k", (_, _) => { Interlocked.Increment(ref runs); return release.Task; }, CancellationToken.None))];
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
            flight.RunAsync("a", (k, _) => { Interlocked.Increment(ref runs); return Task.FromResult(k); }, CancellationToken.None),
            flight.RunAsync("b", (k, _) => { Interlocked.Increment(ref runs); return Task.FromResult(k); }, CancellationToken.None));

        Assert.Equal(2, runs);
        Assert.Equal(["a", "b"], results);
    }

    [Fact]
    public async Task RunAsync_OneWaiterCancels_OthersStillGetTheResult()
    {
        var flight = new SingleFlight<string, int>();
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cts = new CancellationTokenSource();

        Task<int> cancelled = flight.RunAsync("k", (_, _) => release.Task, cts.Token);
        Task<int> patient = flight.RunAsync("k", (_, _) => release.Task, CancellationToken.None);
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

        await flight.RunAsync("k", (_, _) => Task.FromResult(Interlocked.Increment(ref runs)), CancellationToken.None);
        await flight.RunAsync("k", (_, _) => Task.FromResult(Interlocked.Increment(ref runs)), CancellationToken.None);

        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task RunAsync_WorkThrows_AllWaitersSeeTheException()
    {
        var flight = new SingleFlight<string, int>();

        await Assert.ThrowsAsync<InvalidOperationException>(() => flight.RunAsync("k", (_, _) => Task.FromException<int>(new InvalidOperationException()), CancellationToken.None));
    }

    [Fact]
    public async Task RunAsync_EveryWaiterCancels_SharedWorkIsCancelled()
    {
        var flight = new SingleFlight<string, int>();
        var workCancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var first = new CancellationTokenSource();
        using var second = new CancellationTokenSource();
        Func<string, CancellationToken, Task<int>> work = async (_, token) =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, token);
                return 0;
            }
            catch (OperationCanceledException)
            {
                workCancelled.TrySetResult();
                throw;
            }
        };

        Task<int> a = flight.RunAsync("k", work, first.Token);
        Task<int> b = flight.RunAsync("k", work, second.Token);
        await first.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => a);
        Assert.False(workCancelled.Task.IsCompleted);
        await second.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => b);

        await workCancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(5, await flight.RunAsync("k", (_, _) => Task.FromResult(5), CancellationToken.None));
    }

    [Fact]
    public async Task CancelAllAsync_FlightInProgress_WorkSeesCancellationAndCallersAreCancelled()
    {
        var flight = new SingleFlight<string, int>();
        var workToken = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var callerSource = new CancellationTokenSource();

        Task<int> caller = flight.RunAsync("k", WaitsForCancellation(workToken), callerSource.Token);
        CancellationToken seen = await workToken.Task;
        await flight.CancelAllAsync();

        Assert.True(seen.IsCancellationRequested);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => caller);
        Assert.Equal(0, flight.InFlightCount);
    }

    [Fact]
    public async Task RunAsync_JoinerAfterLead_GetsTheLeadsResult()
    {
        var flight = new SingleFlight<string, int>();
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        int runs = 0;

        Task<int> lead = flight.RunAsync("k", (_, _) => { runs++; return release.Task; }, CancellationToken.None);
        using var cts = new CancellationTokenSource();
        Task<int> joiner = flight.RunAsync("k", (_, _) => { runs++; return Task.FromResult(-1); }, cts.Token);
        release.SetResult(5);

        Assert.Equal(5, await lead);
        Assert.Equal(5, await joiner);
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task RunAsync_FirstCallerCannotCancel_WorkWatchesTheOwnersToken()
    {
        using var owner = new CancellationTokenSource();
        var flight = new SingleFlight<string, int>(owner.Token);
        var workToken = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);

        Task<int> caller = flight.RunAsync("k", WaitsForCancellation(workToken), CancellationToken.None);
        CancellationToken seen = await workToken.Task;

        Assert.Equal(owner.Token, seen);
        await owner.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => caller);
        Assert.Equal(0, flight.InFlightCount);
    }

    [Fact]
    public async Task RunAsync_FirstCallerCanCancel_WorkGetsATokenOfItsOwn()
    {
        using var owner = new CancellationTokenSource();
        using var callerSource = new CancellationTokenSource();
        var flight = new SingleFlight<string, int>(owner.Token);
        var workToken = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);

        Task<int> caller = flight.RunAsync("k", (_, token) => { workToken.SetResult(token); return release.Task; }, callerSource.Token);
        CancellationToken seen = await workToken.Task;

        Assert.NotEqual(owner.Token, seen);
        Assert.NotEqual(callerSource.Token, seen);
        Assert.True(seen.CanBeCanceled);
        release.SetResult(3);
        Assert.Equal(3, await caller);
    }

    [Fact]
    public async Task RunAsync_FirstCallerCannotCancelAndJoinerGivesUp_WorkGoesOn()
    {
        var flight = new SingleFlight<string, int>();
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var workToken = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var joinerSource = new CancellationTokenSource();

        Task<int> lead = flight.RunAsync("k", (_, token) => { workToken.SetResult(token); return release.Task; }, CancellationToken.None);
        Task<int> joiner = flight.RunAsync("k", (_, _) => Task.FromResult(-1), joinerSource.Token);
        await joinerSource.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => joiner);

        Assert.False((await workToken.Task).IsCancellationRequested);
        release.SetResult(9);
        Assert.Equal(9, await lead);
    }

    /// <summary>Work that reports the token it was given and then waits until that token is cancelled.</summary>
    private static Func<string, CancellationToken, Task<int>> WaitsForCancellation(TaskCompletionSource<CancellationToken> workToken) => async (_, token) =>
    {
        workToken.SetResult(token);
        await Task.Delay(Timeout.Infinite, token);
        return 1;
    };
}
