namespace DnsSecure.Caching;

/// <summary>
/// Collapses concurrent identical requests into one: the first caller for a key starts the work, later callers
/// for the same key await the same task. A caller's cancellation stops its own wait; the shared work is cancelled
/// only when every caller waiting for it has given up. The first caller continues directly on the thread that
/// finishes the work (no extra hop through the thread pool); later callers are resumed asynchronously.
/// <para>A flight whose first caller cannot cancel can never be given up by all its callers (the first one stays), so it
/// gets no token source of its own: its work receives the owner's token (cancelled when the owner shuts down). Only a
/// flight started by a caller that can cancel pays for a source and the registrations on it.</para>
/// </summary>
internal sealed class SingleFlight<TKey, TValue>
    where TKey : notnull
{
    private readonly Dictionary<TKey, Flight> _inFlight = [];
    private readonly Lock _gate = new();
    private readonly CancellationToken _ownerToken;

    /// <summary>A single flight whose work is cancelled only by its callers (or <see cref="CancelAllAsync"/>).</summary>
    public SingleFlight()
    {
    }

    /// <summary>
    /// A single flight whose owner shuts down by cancelling <paramref name="ownerToken"/>: the work of a flight started by a
    /// caller that cannot cancel receives that token, so the owner must cancel it as well as call <see cref="CancelAllAsync"/>.
    /// </summary>
    public SingleFlight(CancellationToken ownerToken) => _ownerToken = ownerToken;

    /// <summary>Requests currently in flight.</summary>
    public int InFlightCount
    {
        get
        {
            lock (_gate)
            {
                return _inFlight.Count;
            }
        }
    }

    /// <summary>Runs <paramref name="work"/> for <paramref name="key"/> unless the same key is already running, and awaits it.</summary>
    public Task<TValue> RunAsync(TKey key, Func<TKey, CancellationToken, Task<TValue>> work, CancellationToken cancellationToken) =>
        RunAsync(key, work, static (k, work, token) => work(k, token), cancellationToken);

    /// <summary>Like <see cref="RunAsync(TKey, Func{TKey, CancellationToken, Task{TValue}}, CancellationToken)"/>, with <paramref name="state"/>
    /// handed to <paramref name="work"/> (a static delegate then needs no closure per call).</summary>
    public Task<TValue> RunAsync<TState>(TKey key, TState state, Func<TKey, TState, CancellationToken, Task<TValue>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<TValue>(cancellationToken);
        }

        Flight flight;
        bool lead = false;
        lock (_gate)
        {
            if (!_inFlight.TryGetValue(key, out flight!))
            {
                flight = new Flight(cancellationToken.CanBeCanceled);
                _inFlight.Add(key, flight);
                lead = true;
            }
            else
            {
                // The completion is made only when a second caller arrives: a flight nobody joins needs none.
                flight.Completion ??= new TaskCompletionSource<TValue>(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            flight.Waiters++;
        }

        Task<TValue> shared = lead ? LeadAsync(key, flight, state, work) : flight.Completion!.Task;

        // A caller that cannot cancel never stops its wait early: it awaits the shared task itself (no wrapper state machine).
        return cancellationToken.CanBeCanceled ? WaitAsync(key, flight, shared, cancellationToken) : shared;
    }

    /// <summary>Cancels the shared work of every request in flight that has a token source of its own (its owner is shutting
    /// down; the others watch the owner's token).</summary>
    public async Task CancelAllAsync()
    {
        Flight[] flights;
        lock (_gate)
        {
            flights = [.. _inFlight.Values];
        }

        foreach (Flight flight in flights)
        {
            if (flight.Cancellation is { } cancellation)
            {
                await cancellation.CancelAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<TValue> WaitAsync(TKey key, Flight flight, Task<TValue> shared, CancellationToken cancellationToken)
    {
        try
        {
            return await shared.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Nobody may be left to observe the shared work's own failure.
            _ = shared.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            Leave(key, flight);
            throw;
        }
    }

    private void Leave(TKey key, Flight flight)
    {
        lock (_gate)
        {
            if (--flight.Waiters > 0 || flight.Finished)
            {
                return;
            }

            // The last waiter gave up: nobody wants the answer any more, and newcomers start afresh.
            if (_inFlight.TryGetValue(key, out Flight? current) && ReferenceEquals(current, flight))
            {
                _inFlight.Remove(key);
            }
        }

        // Only a flight with a source gets here: a first caller that cannot cancel never leaves.
        flight.Cancellation?.Cancel();
    }

    private async Task<TValue> LeadAsync<TState>(TKey key, Flight flight, TState state, Func<TKey, TState, CancellationToken, Task<TValue>> work)
    {
        // The source is never disposed: Leave may be cancelling it concurrently, and it holds no timer or handle.
        TValue value;
        try
        {
            value = await work(key, state, flight.Cancellation?.Token ?? _ownerToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex)
        {
            Finish(key, flight)?.TrySetCanceled(ex.CancellationToken);
            throw;
        }
        catch (Exception ex)
        {
            Finish(key, flight)?.TrySetException(ex);
            throw;
        }

        Finish(key, flight)?.TrySetResult(value);
        return value;
    }

    /// <summary>Ends the flight: newcomers start afresh; returns the completion the callers who joined await, if any joined.</summary>
    private TaskCompletionSource<TValue>? Finish(TKey key, Flight flight)
    {
        lock (_gate)
        {
            flight.Finished = true;
            if (_inFlight.TryGetValue(key, out Flight? current) && ReferenceEquals(current, flight))
            {
                _inFlight.Remove(key);
            }

            return flight.Completion;
        }
    }

    private sealed class Flight(bool cancellable)
    {
        /// <summary>What the callers after the first await; made (under the gate) when the second caller arrives.</summary>
        public TaskCompletionSource<TValue>? Completion { get; set; }

        /// <summary>Cancels the work when every caller has given up; null when the first caller cannot cancel.</summary>
        public CancellationTokenSource? Cancellation { get; } = cancellable ? new() : null;

        public int Waiters { get; set; }

        /// <summary>Set (under the gate) when the work has ended and the flight left the table.</summary>
        public bool Finished { get; set; }
    }
}
