namespace Adversarial.Tests.Support;

/// <summary>The system clock moved by an offset that a test can advance (a validator living in the future).</summary>
internal sealed class ShiftedClock(TimeSpan offset) : TimeProvider
{
    private long _offsetTicks = offset.Ticks;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
