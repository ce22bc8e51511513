using System.Net;
using System.Net.Sockets;

namespace DaneSockets.Tls;

/// <summary>
/// Happy Eyeballs version 2 connection racing (RFC 8305 §4–§5): addresses interleaved by family (IPv6 first), a new
/// attempt started every <see cref="HappyEyeballsOptions.ConnectionAttemptDelay"/> or as soon as the previous one fails,
/// the first established connection wins and the others are cancelled.
/// </summary>
internal static class HappyEyeballsConnector
{
    private static readonly TimeSpan MinimumAttemptDelay = TimeSpan.FromMilliseconds(10);

    /// <summary>Connects to the first address that answers; throws <see cref="SocketException"/> when all fail.</summary>
    /// <param name="addresses">The candidate addresses.</param>
    /// <param name="port">The TCP port.</param>
    /// <param name="options">Happy Eyeballs timing.</param>
    /// <param name="cancellationToken">Cancels the whole connection.</param>
    /// <param name="enclosingTimeout">A time limit <paramref name="cancellationToken"/> already enforces from about now
    /// (infinite when none): a single attempt whose own limit is not shorter needs no timer of its own.</param>
    public static async Task<Socket> ConnectAsync(
        IReadOnlyList<IPAddress> addresses, int port, HappyEyeballsOptions options, CancellationToken cancellationToken, TimeSpan? enclosingTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        ArgumentNullException.ThrowIfNull(options);
        if (addresses.Count == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        if (addresses.Count == 1)
        {
            // Nothing to race (RFC 8305 §5 spaces attempts to different addresses): no timers, no linked tokens, no thread hop.
            return enclosingTimeout is { } enclosing && options.ConnectTimeout >= enclosing
                ? await AttemptAsync(addresses[0], port, cancellationToken).ConfigureAwait(false)
                : await AttemptAsync(addresses[0], port, options.ConnectTimeout, cancellationToken).ConfigureAwait(false);
        }

        IReadOnlyList<IPAddress> ordered = Interleave(addresses);
        return await RaceAsync(
            ordered,
            (address, token) => AttemptAsync(address, port, options.ConnectTimeout, token),
            options.ConnectionAttemptDelay,
            options.TimeProvider,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The race itself, over any connection type: <paramref name="attempt"/> is started for <paramref name="ordered"/>[0] at
    /// once, and for each next address when the attempt delay has passed on <paramref name="timeProvider"/> or the previous
    /// attempt failed; the first success wins, the others are cancelled (and disposed should they succeed later).
    /// </summary>
    internal static async Task<T> RaceAsync<T>(
        IReadOnlyList<IPAddress> ordered, Func<IPAddress, CancellationToken, Task<T>> attempt, TimeSpan attemptDelay, TimeProvider timeProvider, CancellationToken cancellationToken)
        where T : class, IDisposable
    {
        // RFC 8305 §5: the connection attempt delay never goes below 10 ms.
        TimeSpan delayBetween = attemptDelay < MinimumAttemptDelay ? MinimumAttemptDelay : attemptDelay;
        using var raceCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pending = new List<Task<T>>();
        var failures = new List<Exception>();
        int next = 0;
        T? winner = null;
        try
        {
            pending.Add(attempt(ordered[next++], raceCts.Token));
            while (pending.Count > 0)
            {
                // RFC 8305 §5: the next attempt starts after the attempt delay, or at once when an attempt fails.
                Task delay = next < ordered.Count
                    ? Task.Delay(delayBetween, timeProvider, raceCts.Token)
                    : Task.Delay(Timeout.Infinite, raceCts.Token);
                Task finished = await Task.WhenAny([.. pending, delay]).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                if (finished == delay)
                {
                    pending.Add(attempt(ordered[next++], raceCts.Token));
                    continue;
                }

                var done = (Task<T>)finished;
                pending.Remove(done);
                if (done.IsCompletedSuccessfully)
                {
                    winner = done.Result;
                    break;
                }

                failures.Add(done.Exception?.GetBaseException() ?? new SocketException((int)SocketError.ConnectionRefused));
                if (next < ordered.Count)
                {
                    pending.Add(attempt(ordered[next++], raceCts.Token));
                }
            }
        }
        finally
        {
            // Synchronous cancellation: the losers' callbacks run here rather than after a hop to the thread pool.
            raceCts.Cancel();
            foreach (Task<T> loser in pending)
            {
                // A loser that connected anyway is closed.
                _ = loser.ContinueWith(static t => t.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            }
        }

        return winner ?? throw new AggregateException($"Could not connect to any of {ordered.Count} address(es).", failures);
    }

    /// <summary>RFC 8305 §4: alternate address families, starting with IPv6 when present.</summary>
    internal static IReadOnlyList<IPAddress> Interleave(IReadOnlyList<IPAddress> addresses)
    {
        var v6 = addresses.Where(a => a.AddressFamily == AddressFamily.InterNetworkV6).ToList();
        var v4 = addresses.Where(a => a.AddressFamily == AddressFamily.InterNetwork).ToList();
        var result = new List<IPAddress>(addresses.Count);
        for (int i = 0; i < Math.Max(v6.Count, v4.Count); i++)
        {
            if (i < v6.Count)
            {
                result.Add(v6[i]);
            }

            if (i < v4.Count)
            {
                result.Add(v4[i]);
            }
        }

        return result;
    }

    /// <summary>One attempt, limited only by <paramref name="cancellationToken"/> (which already carries a time limit).</summary>
    private static async Task<Socket> AttemptAsync(IPAddress address, int port, CancellationToken cancellationToken)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task<Socket> AttemptAsync(IPAddress address, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeoutCts.CancelAfter(timeout);
            await socket.ConnectAsync(new IPEndPoint(address, port), timeoutCts.Token).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
