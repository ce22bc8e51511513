using System.Collections.Immutable;
using System.Security.Cryptography.X509Certificates;

namespace DaneSockets.Matching;

/// <summary>How <see cref="DaneMatcher"/> verifies a chain. Immutable; build variants with <c>with</c>.</summary>
public sealed record DaneVerificationOptions
{
    /// <summary>The default chain length limit (certificates, leaf included).</summary>
    public const int DefaultMaxChainLength = 16;

    /// <summary>Generic profile, system clock, system PKIX trust store, no name checks for DANE-EE(3).</summary>
    public static DaneVerificationOptions Default { get; } = new();

    /// <summary>The protocol profile (decides which usages are usable).</summary>
    public DaneProfile Profile { get; init; } = DaneProfile.Generic;

    /// <summary>The clock for validity-period checks (DANE-TA(2), PKIX-TA(0), PKIX-EE(1)).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Trust anchors for PKIX-TA(0) and PKIX-EE(1). Empty (the default) means the system trust store;
    /// otherwise only these certificates are trusted.</summary>
    public ImmutableArray<X509Certificate2> PkixTrustStore { get; init; } = [];

    /// <summary>Also require the leaf to name a reference identifier when a DANE-EE(3) record matches.
    /// Off by default as RFC 7671 §5.1 says (SMTP and XMPP need it off); OpenSSL turns it on unless told otherwise.</summary>
    public bool CheckDaneEeNames { get; init; }

    /// <summary>Maximum number of certificates on a path, leaf included.</summary>
    public int MaxChainLength { get; init; } = DefaultMaxChainLength;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(TimeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxChainLength, 1);
        if (!Enum.IsDefined(Profile))
        {
            throw new ArgumentOutOfRangeException(nameof(Profile), Profile, "Unknown DANE profile.");
        }
    }
}
