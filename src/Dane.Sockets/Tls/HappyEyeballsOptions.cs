namespace DaneSockets.Tls;

/// <summary>Timing of Happy Eyeballs connection racing (RFC 8305).</summary>
public sealed record HappyEyeballsOptions
{
    /// <summary>Delay before starting the next connection attempt (RFC 8305 §5: default 250 ms, never below 10 ms).</summary>
    public TimeSpan ConnectionAttemptDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Time limit of a single TCP connection attempt.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Clock for the attempt delay.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The defaults.</summary>
    public static HappyEyeballsOptions Default { get; } = new();
}
