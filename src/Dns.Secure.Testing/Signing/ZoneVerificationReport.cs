using System.Collections.Immutable;

namespace DnsSecure.Testing.Signing;

/// <summary>What <see cref="SignedZoneVerifier"/> found: how many signatures verified and every problem, in words.</summary>
public sealed class ZoneVerificationReport
{
    internal ZoneVerificationReport(int validSignatures, int invalidSignatures, int signedRRsets, DenialChainStatus chain, ImmutableArray<string> problems)
    {
        ValidSignatures = validSignatures;
        InvalidSignatures = invalidSignatures;
        SignedRRsets = signedRRsets;
        Chain = chain;
        Problems = problems;
    }

    /// <summary>True when no problem was found.</summary>
    public bool IsValid => Problems.IsEmpty;

    /// <summary>Number of RRSIG records that verified.</summary>
    public int ValidSignatures { get; }

    /// <summary>Number of RRSIG records that did not verify (wrong signer, outside their window, no key, bad signature).</summary>
    public int InvalidSignatures { get; }

    /// <summary>The NSEC/NSEC3 chain's state; <see cref="DenialChainStatus.NotApplicable"/> for a file of RRsets.</summary>
    public DenialChainStatus Chain { get; }

    /// <summary>Number of RRsets that needed signatures.</summary>
    public int SignedRRsets { get; }

    /// <summary>One line per problem.</summary>
    public ImmutableArray<string> Problems { get; }

    /// <summary>A summary and the problems, one per line.</summary>
    public override string ToString() =>
        $"{ValidSignatures} valid and {InvalidSignatures} invalid signatures over {SignedRRsets} RRsets, denial chain {Chain}, {Problems.Length} problems"
        + (Problems.IsEmpty ? string.Empty : ":\n" + string.Join('\n', Problems));
}
