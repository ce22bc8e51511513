using System.Diagnostics;

namespace DnsSecure.Tests.Fuzzing;

/// <summary>
/// Runs a fuzz loop on its own thread under a watchdog: when one input has made no progress for
/// <see cref="HangLimit"/> the run stops and reports that input as a hang. The limit is a generous bound meant to
/// catch loops, never a performance assertion.
/// </summary>
internal static class FuzzRunner
{
    public static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Calls <paramref name="step"/> for iterations 0..<paramref name="iterations"/>-1. A step returns null when the
    /// input behaved, or a failure description. Stops at the first failure.
    /// </summary>
    /// <param name="iterations">How many inputs.</param>
    /// <param name="step">Runs one input.</param>
    /// <param name="describeCurrent">Describes the input being processed (for the hang report).</param>
    /// <returns>Null when every input behaved; otherwise what went wrong.</returns>
    public static string? Run(int iterations, Func<int, string?> step, Func<string> describeCurrent)
    {
        long progress = 0;
        string? failure = null;
        var thread = new Thread(() =>
        {
            for (int i = 0; i < iterations; i++)
            {
                string? result;
                try
                {
                    result = step(i);
                }
                catch (Exception e)
                {
                    result = $"iteration {i}: the harness itself threw {e}";
                }

                if (result is not null)
                {
                    Volatile.Write(ref failure, result);
                    break;
                }

                Interlocked.Increment(ref progress);
            }
        })
        {
            IsBackground = true, // a hung input must not keep the test host alive
            Name = "fuzz",
        };
        thread.Start();

        long lastProgress = -1;
        var sinceProgress = Stopwatch.StartNew();
        while (!thread.Join(TimeSpan.FromMilliseconds(200)))
        {
            long now = Interlocked.Read(ref progress);
            if (now != lastProgress)
            {
                lastProgress = now;
                sinceProgress.Restart();
            }
            else if (sinceProgress.Elapsed > HangLimit)
            {
                return $"no progress for {HangLimit.TotalSeconds} s at iteration {now} (hang): {describeCurrent()}";
            }
        }

        return Volatile.Read(ref failure);
    }
}
