namespace Adversarial.Tests.Support;

/// <summary>The system clock moved by a fixed offset (a validator living in the future, for replayed data).</summary>
internal sealed class ShiftedClock(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + offset;
}
