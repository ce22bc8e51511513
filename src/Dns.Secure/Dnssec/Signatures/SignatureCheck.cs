using DnsSecure.Records;

namespace DnsSecure.Dnssec.Signatures;

/// <summary>
/// The result of checking the RRSIGs of one RRset against a DNSKEY set: which signature and key validated it, or why
/// none did, and how much work it took.
/// </summary>
public sealed record SignatureCheck
{
    /// <summary><see cref="DnssecStatus.Secure"/> when a signature verified, <see cref="DnssecStatus.Bogus"/> otherwise.</summary>
    public DnssecStatus Status { get; init; }

    /// <summary>The RRSIG that verified, or null.</summary>
    public RrsigRdata? Rrsig { get; init; }

    /// <summary>The DNSKEY that verified it, or null.</summary>
    public DnskeyRdata? Key { get; init; }

    /// <summary>Why no signature verified (the one that came closest), or null when one did.</summary>
    public ValidationFailure? Failure { get; init; }

    /// <summary>The TTL the validated RRset may be cached for: the least of its TTL, the RRSIG's original TTL and the time
    /// left until the signature expires (RFC 4035 §5.3.3). Zero when not Secure.</summary>
    public uint Ttl { get; init; }

    /// <summary>How many RRSIGs were examined.</summary>
    public int SignaturesTried { get; init; }

    /// <summary>How many cryptographic verifications were made.</summary>
    public int Verifications { get; init; }

    /// <summary>True when <see cref="Status"/> is <see cref="DnssecStatus.Secure"/>.</summary>
    public bool IsSecure => Status == DnssecStatus.Secure;

    /// <summary>The status, the key tag that verified or the failure.</summary>
    public override string ToString() => IsSecure
        ? $"Secure: RRSIG {Rrsig!.TypeCovered.ToText()} by key {Key!.KeyTag} ({Verifications} verification(s))"
        : $"{Status}: {Failure}";
}
