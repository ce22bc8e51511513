using System.Security.Authentication;
using DaneSockets.Tls;

namespace DaneSockets.Smtp;

/// <summary>How <see cref="SmtpDaneClient"/> looks up and talks to MX hosts. Validated when the client is created.</summary>
public sealed record SmtpDaneOptions
{
    /// <summary>The defaults: port 25, EHLO <c>localhost</c>, RFC 5321 §4.5.3.2 timeouts.</summary>
    public static SmtpDaneOptions Default { get; } = new();

    /// <summary>The SMTP port of every MX host; the TLSA owner is <c>_port._tcp.mx</c> (RFC 7672 §2.2.3: port 25 on the internet).</summary>
    public int Port { get; init; } = 25;

    /// <summary>The name sent with EHLO (RFC 5321 §4.1.1.1: the client's fully qualified domain name).</summary>
    public string ClientName { get; init; } = "localhost";

    /// <summary>The most MX hosts looked up and tried for one domain; the rest are reported as <see cref="SmtpPlanReason.OverMxLimit"/>.</summary>
    public int MaxMxHosts { get; init; } = 10;

    /// <summary>Time limit for the TCP connection to one MX host (across its addresses).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Time limit for the whole session with one MX host after the connection (RFC 5321 §4.5.3.2 allows minutes per command).</summary>
    public TimeSpan SessionTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>TLS versions allowed; None lets the system decide.</summary>
    public SslProtocols EnabledSslProtocols { get; init; } = SslProtocols.None;

    /// <summary>Happy Eyeballs timing for connections to MX hosts.</summary>
    public HappyEyeballsOptions HappyEyeballs { get; init; } = HappyEyeballsOptions.Default;

    /// <summary>
    /// The source of the random order among MX hosts of equal preference (RFC 5321 §5.1: the client MUST randomize them);
    /// null for <see cref="System.Random.Shared"/>. Set it to make the order reproducible in tests.
    /// </summary>
    public Random? Random { get; init; }

    /// <summary>
    /// When an MX host has no usable secure TLSA RRset (<see cref="SmtpTlsLevel.Opportunistic"/>) and its STARTTLS handshake
    /// fails, connect again and deliver in plaintext, as Postfix's "dane" and "may" levels do (RFC 7672 §2.2, RFC 7435 §3);
    /// reported as <see cref="SmtpMxStatus.PlaintextAfterTlsFailure"/>. Default true. Never applies to
    /// <see cref="SmtpTlsLevel.Dane"/> or <see cref="SmtpTlsLevel.Encrypt"/> hosts: with a secure TLSA RRset a TLS failure
    /// is never followed by plaintext.
    /// </summary>
    public bool RetryPlaintextAfterTlsFailure { get; init; } = true;

    /// <summary>Clock for certificate dates.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Throws when a value is out of range.</summary>
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Port, 1, nameof(Port));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Port, 65535, nameof(Port));
        ArgumentException.ThrowIfNullOrWhiteSpace(ClientName, nameof(ClientName));
        if (ClientName.AsSpan().IndexOfAny(" \r\n\t") >= 0 || !System.Text.Ascii.IsValid(ClientName))
        {
            // RFC 5321 §4.1.1.1: the EHLO argument is a domain name or an address literal, in ASCII (an A-label for an IDN).
            throw new ArgumentException("The EHLO name must be ASCII without spaces or line breaks.", nameof(ClientName));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxMxHosts, 1, nameof(MaxMxHosts));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ConnectTimeout, TimeSpan.Zero, nameof(ConnectTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(SessionTimeout, TimeSpan.Zero, nameof(SessionTimeout));
        ArgumentNullException.ThrowIfNull(HappyEyeballs, nameof(HappyEyeballs));
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
    }
}
