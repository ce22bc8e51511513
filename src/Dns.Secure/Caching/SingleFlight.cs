using System.Collections.Concurrent;

namespace DnsSecure.Caching;

/// <summary>
/// Collapses concurrent identical requests into one: the first caller for a key starts the work, later callers
/// for the same key await the same task. Each caller's cancellation only stops its own wait, never the shared work.
/// </summary>
internal sealed class SingleFlight<TKey, TValue>
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Task<TValue>> _inFlight = new();

    /// <summary>Requests currently in flight.</summary>
    public int InFlightCount => _inFlight.Count;

    /// <summary>Runs <paramref name="work"/> for <paramref name="key"/> unless the same key is already running, and awaits it.</summary>
    public Task<TValue> RunAsync(TKey key, Func<TKey, Task<TValue>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        while (true)
        {
            if (_inFlight.TryGetValue(key, out Task<TValue>? running))
            {
                return running.WaitAsync(cancellationToken);
            }

            var completion = new TaskCompletionSource<TValue>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_inFlight.TryAdd(key, completion.Task))
            {
                _ = LeadAsync(key, work, completion);
                return completion.Task.WaitAsync(cancellationToken);
            }
        }
    }

    private async Task LeadAsync(TKey key, Func<TKey, Task<TValue>> work, TaskCompletionSource<TValue> completion)
    {
        try
        {
            completion.TrySetResult(await work(key).ConfigureAwait(false));
        }
        catch (OperationCanceledException ex)
        {
            completion.TrySetCanceled(ex.CancellationToken);
        }
        catch (Exception ex)
        {
            completion.TrySetException(ex);
        }
        finally
        {
            _inFlight.TryRemove(new KeyValuePair<TKey, Task<TValue>>(key, completion.Task));
        }
    }
}
