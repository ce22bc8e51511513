namespace DaneHttp.Tests;

/// <summary>System time shifted by a chosen amount; timers are the system's.</summary>
internal sealed class ManualClock : TimeProvider
{
    private TimeSpan _offset;

    public void Advance(TimeSpan by) => _offset += by;

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + _offset;
}
