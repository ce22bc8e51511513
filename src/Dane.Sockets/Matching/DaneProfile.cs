namespace DaneSockets.Matching;

/// <summary>The application protocol whose DANE rules apply.</summary>
public enum DaneProfile
{
    /// <summary>RFC 6698 / RFC 7671 as written: all four certificate usages are usable.</summary>
    Generic = 0,

    /// <summary>SMTP (RFC 7672): PKIX-TA(0) and PKIX-EE(1) records are unusable (RFC 7672 §3.1.3).</summary>
    Smtp = 1,
}
