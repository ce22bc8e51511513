namespace DnsSecure.Dnssec.Denial;

/// <summary>
/// What a set of NSEC or NSEC3 records proved. <see cref="Status"/> is <see cref="DnssecStatus.Secure"/> when the denial
/// is proven, <see cref="DnssecStatus.Insecure"/> when only an insecure delegation (opt-out) or an unsupported parameter
/// stands in the way, and <see cref="DnssecStatus.Bogus"/> when the records do not prove it.
/// </summary>
public sealed record DenialProof
{
    private DenialProof(DnssecStatus status, ValidationFailure? failure, DomainName? closestEncloser, bool isDelegation, bool optOut)
    {
        Status = status;
        Failure = failure;
        ClosestEncloser = closestEncloser;
        IsDelegation = isDelegation;
        OptOut = optOut;
    }

    /// <summary>The verdict.</summary>
    public DnssecStatus Status { get; }

    /// <summary>Why the proof is not Secure; null when it is.</summary>
    public ValidationFailure? Failure { get; }

    /// <summary>The closest encloser established by the proof, when it needed one.</summary>
    public DomainName? ClosestEncloser { get; }

    /// <summary>For a DS proof: the name is a zone cut (NS present, SOA absent) without DS, so the child is unsigned.</summary>
    public bool IsDelegation { get; }

    /// <summary>The proof relied on an opt-out NSEC3 span (RFC 5155 §6).</summary>
    public bool OptOut { get; }

    /// <summary>True when <see cref="Status"/> is <see cref="DnssecStatus.Secure"/>.</summary>
    public bool IsSecure => Status == DnssecStatus.Secure;

    internal static DenialProof Secure(DomainName? closestEncloser = null, bool isDelegation = false, bool optOut = false) =>
        new(DnssecStatus.Secure, null, closestEncloser, isDelegation, optOut);

    internal static DenialProof Insecure(ValidationFailure? reason, DomainName? closestEncloser = null, bool optOut = false) =>
        new(DnssecStatus.Insecure, reason, closestEncloser, isDelegation: false, optOut);

    internal static DenialProof Bogus(ValidationFailure failure) => new(DnssecStatus.Bogus, failure, null, isDelegation: false, optOut: false);

    /// <summary>The status, and the failure if there is one.</summary>
    public override string ToString() => Failure is null ? Status.ToString() : $"{Status}: {Failure}";
}
