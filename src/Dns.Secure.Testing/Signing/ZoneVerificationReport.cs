using System.Collections.Immutable;

namespace DnsSecure.Testing.Signing;

/// <summary>What <see cref="SignedZoneVerifier"/> found: how many signatures verified and every problem, in words.</summary>
public sealed class ZoneVerificationReport
{
    internal ZoneVerificationReport(int validSignatures, int signedRRsets, ImmutableArray<string> problems)
    {
        ValidSignatures = validSignatures;
        SignedRRsets = signedRRsets;
        Problems = problems;
    }

    /// <summary>True when no problem was found.</summary>
    public bool IsValid => Problems.IsEmpty;

    /// <summary>Number of RRSIG records that verified.</summary>
    public int ValidSignatures { get; }

    /// <summary>Number of RRsets that needed signatures.</summary>
    public int SignedRRsets { get; }

    /// <summary>One line per problem.</summary>
    public ImmutableArray<string> Problems { get; }

    /// <summary>A summary and the problems, one per line.</summary>
    public override string ToString() =>
        $"{ValidSignatures} valid signatures over {SignedRRsets} RRsets, {Problems.Length} problems"
        + (Problems.IsEmpty ? string.Empty : ":\n" + string.Join('\n', Problems));
}
