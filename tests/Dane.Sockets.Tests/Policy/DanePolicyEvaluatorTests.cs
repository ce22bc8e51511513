using DaneSockets.Matching;
using DaneSockets.Policy;
using DaneSockets.Results;
using DaneSockets.Tests.Support;
using DnsSecure.Iana;

namespace DaneSockets.Tests.Policy;

public sealed class DanePolicyEvaluatorTests
{
    private static readonly TestPki Pki = new();
    private static readonly DaneVerificationOptions Options = DaneVerificationOptions.Default with { TimeProvider = new FixedTimeProvider(TestPki.Now) };

    /// <summary>The decision table documented in src/Dane.Sockets/README.md. Matcher: V verified, F failed, N not applicable, - not run.</summary>
    public static TheoryData<DanePolicy, TlsaLookupOutcome, char, DaneDecision, DaneDecisionReason> Table() => new()
    {
        { DanePolicy.Required, TlsaLookupOutcome.Bogus, 'V', DaneDecision.Reject, DaneDecisionReason.LookupBogus },
        { DanePolicy.Opportunistic, TlsaLookupOutcome.Bogus, 'V', DaneDecision.Reject, DaneDecisionReason.LookupBogus },
        { DanePolicy.Opportunistic, TlsaLookupOutcome.Bogus, '-', DaneDecision.Reject, DaneDecisionReason.LookupBogus },
        { DanePolicy.Required, TlsaLookupOutcome.Indeterminate, 'V', DaneDecision.Reject, DaneDecisionReason.LookupIndeterminate },
        { DanePolicy.Opportunistic, TlsaLookupOutcome.Indeterminate, '-', DaneDecision.Reject, DaneDecisionReason.LookupIndeterminate },
        { DanePolicy.Required, TlsaLookupOutcome.SecureUsable, 'V', DaneDecision.AcceptDane, DaneDecisionReason.DaneVerified },
        { DanePolicy.Opportunistic, TlsaLookupOutcome.SecureUsable, 'V', DaneDecision.AcceptDane, DaneDecisionReason.DaneVerified },
        { DanePolicy.Required, TlsaLookupOutcome.SecureUsable, 'F', DaneDecision.Reject, DaneDecisionReason.DaneFailed },
        { DanePolicy.Opportunistic, TlsaLookupOutcome.SecureUsable, 'F', DaneDecision.Reject, DaneDecisionReason.DaneFailed },
        { DanePolicy.Required, TlsaLookupOutcome.SecureUsable, '-', DaneDecision.Reject, DaneDecisionReason.MatchNotPerformed },
        { DanePolicy.Opportunistic, TlsaLookupOutcome.SecureUsable, '-', DaneDecision.Reject, DaneDecisionReason.MatchNotPerformed },
        { DanePolicy.Required, TlsaLookupOutcome.SecureUsable, 'N', DaneDecision.Reject, DaneDecisionReason.NoUsableRecords },
        { DanePolicy.Opportunistic, TlsaLookupOutcome.SecureUsable, 'N', DaneDecision.AcceptPkix, DaneDecisionReason.NoUsableRecords },
        { DanePolicy.Required, TlsaLookupOutcome.SecureAllUnusable, '-', DaneDecision.Reject, DaneDecisionReason.NoUsableRecords },
        { DanePolicy.Opportunistic, TlsaLookupOutcome.SecureAllUnusable, '-', DaneDecision.AcceptPkix, DaneDecisionReason.NoUsableRecords },
        { DanePolicy.Required, TlsaLookupOutcome.SecureAbsent, '-', DaneDecision.Reject, DaneDecisionReason.TlsaAbsent },
        { DanePolicy.Opportunistic, TlsaLookupOutcome.SecureAbsent, '-', DaneDecision.AcceptPkix, DaneDecisionReason.TlsaAbsent },
        { DanePolicy.Required, TlsaLookupOutcome.Insecure, '-', DaneDecision.Reject, DaneDecisionReason.LookupInsecure },
        { DanePolicy.Opportunistic, TlsaLookupOutcome.Insecure, '-', DaneDecision.AcceptPkix, DaneDecisionReason.LookupInsecure },
        { DanePolicy.Opportunistic, TlsaLookupOutcome.Insecure, 'F', DaneDecision.AcceptPkix, DaneDecisionReason.LookupInsecure },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Decide_FollowsTheDecisionTable(DanePolicy policy, TlsaLookupOutcome lookup, char matcher, DaneDecision decision, DaneDecisionReason reason)
    {
        DanePolicyDecision result = DanePolicyEvaluator.Decide(policy, lookup, MatcherResult(matcher));

        Assert.Equal(decision, result.Decision);
        Assert.Equal(reason, result.Reason);
        Assert.Equal(decision == DaneDecision.AcceptDane, result.IsAuthenticatedByDane);
    }

    [Fact]
    public void Decide_UnknownEnumValues_Reject()
    {
        Assert.Equal(DaneDecision.Reject, DanePolicyEvaluator.Decide((DanePolicy)7, TlsaLookupOutcome.SecureAbsent, null).Decision);
        Assert.Equal(DaneDecisionReason.UnknownInput, DanePolicyEvaluator.Decide(DanePolicy.Opportunistic, (TlsaLookupOutcome)42, null).Reason);
    }

    [Fact]
    public void DefaultValues_AreTheStrictOnes()
    {
        Assert.Equal(DanePolicy.Required, default(DanePolicy));
        Assert.Equal(TlsaLookupOutcome.Indeterminate, default(TlsaLookupOutcome));
        Assert.Equal(DaneDecision.Reject, default(DaneDecision));
    }

    [Fact]
    public void Decide_WithLookupResult_UsesItsOutcome()
    {
        var lookup = TlsaLookupResult.FromSecureAnswer([TlsaRecords.For(Pki.Leaf, TlsaCertificateUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha256)]);
        DaneVerificationResult verification = DaneMatcher.Verify(new DaneVerificationRequest(lookup.Records, [Pki.Leaf], [TestPki.HostName]) { Options = Options });

        DanePolicyDecision decision = DanePolicyEvaluator.Decide(DanePolicy.Required, lookup, verification);

        Assert.Equal(DaneDecision.AcceptDane, decision.Decision);
        Assert.Same(verification, decision.Verification);
    }

    private static DaneVerificationResult? MatcherResult(char kind)
    {
        return kind switch
        {
            'V' => Run([TlsaRecords.For(Pki.Leaf, TlsaCertificateUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha256)]),
            'F' => Run([TlsaRecords.For(Pki.UnrelatedLeaf, TlsaCertificateUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha256)]),
            'N' => Run([TlsaRecords.Raw(4, 1, 1, new byte[32])]),
            _ => null,
        };

        static DaneVerificationResult Run(DnsSecure.Records.TlsaRdata[] records) =>
            DaneMatcher.Verify(new DaneVerificationRequest(records, [Pki.Leaf], [TestPki.HostName]) { Options = Options });
    }
}
