using System.Net;
using DaneSockets.Tls;

namespace DaneSockets.Tests.Tls;

/// <summary>
/// RFC 8305 §5 timing, proven on a manual clock: the second attempt starts when the clock reaches the attempt delay, not
/// before, and never waits for the first attempt's own timeout. No wall-clock time is measured.
/// </summary>
public sealed class HappyEyeballsTimingTests
{
    private static readonly IPAddress Unreachable = IPAddress.Parse("127.0.0.2");
    private static readonly IPAddress Reachable = IPAddress.Parse("127.0.0.3");
    private static readonly TimeSpan AttemptDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Race_FirstAddressNeverAnswers_SecondStartsAtTheAttemptDelayAndWins()
    {
        var clock = new ManualTimeProvider();
        var attempts = new FakeAttempts(clock, hanging: Unreachable);

        Task<FakeConnection> race = HappyEyeballsConnector.RaceAsync([Unreachable, Reachable], attempts.StartAsync, AttemptDelay, clock, CancellationToken.None);
        await clock.WaitForTimersAsync(1).WaitAsync(HangGuard);

        clock.Advance(AttemptDelay - TimeSpan.FromMilliseconds(1));
        Assert.Equal([Unreachable], attempts.Started);
        Assert.False(race.IsCompleted);

        clock.Advance(TimeSpan.FromMilliseconds(1));
        FakeConnection winner = await race.WaitAsync(HangGuard);

        Assert.Equal(Reachable, winner.Address);
        Assert.Equal([Unreachable, Reachable], attempts.Started);
        Assert.Equal(AttemptDelay, attempts.StartedAt(Reachable, clock.Start));
        // The loser is cancelled once the winner is known.
        await attempts.Cancelled(Unreachable).WaitAsync(HangGuard);
    }

    [Fact]
    public async Task Race_FirstAddressFails_SecondStartsWithoutWaitingForTheDelay()
    {
        var clock = new ManualTimeProvider();
        var attempts = new FakeAttempts(clock, failing: Unreachable);

        FakeConnection winner = await HappyEyeballsConnector.RaceAsync([Unreachable, Reachable], attempts.StartAsync, AttemptDelay, clock, CancellationToken.None).WaitAsync(HangGuard);

        Assert.Equal(Reachable, winner.Address);
        Assert.Equal(TimeSpan.Zero, attempts.StartedAt(Reachable, clock.Start));
    }

    [Fact]
    public async Task Race_DelayBelowTenMilliseconds_IsRaisedToTen()
    {
        var clock = new ManualTimeProvider();
        var attempts = new FakeAttempts(clock, hanging: Unreachable);

        Task<FakeConnection> race = HappyEyeballsConnector.RaceAsync([Unreachable, Reachable], attempts.StartAsync, TimeSpan.FromMilliseconds(1), clock, CancellationToken.None);
        await clock.WaitForTimersAsync(1).WaitAsync(HangGuard);
        clock.Advance(TimeSpan.FromMilliseconds(9));
        Assert.Equal([Unreachable], attempts.Started);

        clock.Advance(TimeSpan.FromMilliseconds(1));
        FakeConnection winner = await race.WaitAsync(HangGuard);

        Assert.Equal(Reachable, winner.Address);
        Assert.Equal(TimeSpan.FromMilliseconds(10), attempts.StartedAt(Reachable, clock.Start));
    }

    private sealed record FakeConnection(IPAddress Address) : IDisposable
    {
        public void Dispose()
        {
        }
    }

    /// <summary>Connection attempts that answer at once, fail at once, or hang until cancelled; each start is stamped with the manual clock.</summary>
    private sealed class FakeAttempts(ManualTimeProvider clock, IPAddress? hanging = null, IPAddress? failing = null)
    {
        private readonly List<(IPAddress Address, DateTimeOffset At)> _started = [];
        private readonly Dictionary<IPAddress, TaskCompletionSource> _cancelled = [];

        public IReadOnlyList<IPAddress> Started
        {
            get
            {
                lock (_started)
                {
                    return [.. _started.Select(s => s.Address)];
                }
            }
        }

        public Task Cancelled(IPAddress address)
        {
            lock (_started)
            {
                return _cancelled[address].Task;
            }
        }

        public TimeSpan StartedAt(IPAddress address, DateTimeOffset start)
        {
            lock (_started)
            {
                return _started.Single(s => s.Address.Equals(address)).At - start;
            }
        }

        public Task<FakeConnection> StartAsync(IPAddress address, CancellationToken cancellationToken)
        {
            lock (_started)
            {
                _started.Add((address, clock.GetUtcNow()));
                _cancelled[address] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            if (address.Equals(failing))
            {
                return Task.FromException<FakeConnection>(new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused));
            }

            if (address.Equals(hanging))
            {
                var never = new TaskCompletionSource<FakeConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
                TaskCompletionSource cancelled = _cancelled[address];
                cancellationToken.Register(() =>
                {
                    cancelled.TrySetResult();
                    never.TrySetCanceled(cancellationToken);
                });
                return never.Task;
            }

            return Task.FromResult(new FakeConnection(address));
        }
    }

    /// <summary>A clock that moves only when told; timers fire inside <see cref="Advance"/> when their due time is reached.</summary>
    private sealed class ManualTimeProvider : TimeProvider
    {
        private readonly List<ManualTimer> _timers = [];
        private readonly SemaphoreSlim _timerCreated = new(0);
        private DateTimeOffset _now = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public DateTimeOffset Start { get; } = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow()
        {
            lock (_timers)
            {
                return _now;
            }
        }

        public override long GetTimestamp() => GetUtcNow().UtcTicks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = new ManualTimer(this, callback, state);
            timer.Change(dueTime, period);
            _timerCreated.Release();
            return timer;
        }

        /// <summary>Waits until <paramref name="count"/> timers have been created.</summary>
        public async Task WaitForTimersAsync(int count)
        {
            for (int i = 0; i < count; i++)
            {
                await _timerCreated.WaitAsync();
            }
        }

        public void Advance(TimeSpan by)
        {
            List<ManualTimer> due;
            lock (_timers)
            {
                _now += by;
                due = _timers.Where(t => t.Due <= _now).ToList();
                foreach (ManualTimer timer in due)
                {
                    _timers.Remove(timer);
                }
            }

            foreach (ManualTimer timer in due)
            {
                timer.Fire();
            }
        }

        private sealed class ManualTimer(ManualTimeProvider clock, TimerCallback callback, object? state) : ITimer
        {
            public DateTimeOffset Due { get; private set; }

            public bool Change(TimeSpan dueTime, TimeSpan period)
            {
                lock (clock._timers)
                {
                    clock._timers.Remove(this);
                    if (dueTime != Timeout.InfiniteTimeSpan)
                    {
                        Due = clock._now + dueTime;
                        clock._timers.Add(this);
                    }
                }

                return true;
            }

            public void Fire() => callback(state);

            public void Dispose()
            {
                lock (clock._timers)
                {
                    clock._timers.Remove(this);
                }
            }

            public ValueTask DisposeAsync()
            {
                Dispose();
                return ValueTask.CompletedTask;
            }
        }
    }
}
