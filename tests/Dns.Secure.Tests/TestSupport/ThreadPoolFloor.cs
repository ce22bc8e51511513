using System.Runtime.CompilerServices;

namespace DnsSecure.Tests.TestSupport;

/// <summary>
/// The test host keeps two thread-pool threads blocked for the whole run (its message channel polls, its run request
/// waits), which on a two-core machine is the pool's whole starting concurrency: a work item queued from a thread that
/// is not a pool thread — a fake server's receive completion while the UDP event loop (not a pool thread) drives the
/// client — then waits for the pool's starvation detector (about half a second), longer than many tests' timeouts.
/// A floor of free workers makes the tests measure our code, not the host's pool.
/// </summary>
internal static class ThreadPoolFloor
{
    [ModuleInitializer]
    internal static void Raise()
    {
        ThreadPool.GetMinThreads(out int workers, out int io);
        int floor = Environment.ProcessorCount + 4;
        if (workers < floor)
        {
            ThreadPool.SetMinThreads(floor, io);
        }
    }
}
