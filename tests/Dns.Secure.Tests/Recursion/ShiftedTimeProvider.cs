namespace DnsSecure.Tests.Recursion;

/// <summary>The system clock moved by an offset the test controls (timers stay on the system clock).</summary>
internal sealed class ShiftedTimeProvider : TimeProvider
{
    private TimeSpan _offset;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + _offset;

    public void Advance(TimeSpan by) => _offset += by;
}
