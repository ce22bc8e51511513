using System.Security.Cryptography.X509Certificates;
using DaneSockets.Matching;
using DaneSockets.Results;
using DaneSockets.Tests.Support;
using DnsSecure.Iana;
using DnsSecure.Records;

namespace DaneSockets.Tests.Matching;

public sealed class DaneMatcherTests
{
    private static readonly TestPki Pki = new();
    private static readonly FixedTimeProvider Clock = new(TestPki.Now);

    private static readonly DaneVerificationOptions Options = DaneVerificationOptions.Default with
    {
        TimeProvider = Clock,
        PkixTrustStore = [Pki.Root],
    };

    public static TheoryData<TlsaCertificateUsage, TlsaSelector, TlsaMatchingType> AllCombinations()
    {
        var data = new TheoryData<TlsaCertificateUsage, TlsaSelector, TlsaMatchingType>();
        foreach (TlsaCertificateUsage usage in new[] { TlsaCertificateUsage.PkixTa, TlsaCertificateUsage.PkixEe, TlsaCertificateUsage.DaneTa, TlsaCertificateUsage.DaneEe })
        {
            foreach (TlsaSelector selector in new[] { TlsaSelector.Cert, TlsaSelector.Spki })
            {
                foreach (TlsaMatchingType matchingType in new[] { TlsaMatchingType.Full, TlsaMatchingType.Sha256, TlsaMatchingType.Sha512 })
                {
                    data.Add(usage, selector, matchingType);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllCombinations))]
    public void Verify_EveryUsageSelectorMatchingType_MatchesAtExpectedDepth(TlsaCertificateUsage usage, TlsaSelector selector, TlsaMatchingType matchingType)
    {
        (X509Certificate2 target, int depth) = usage switch
        {
            TlsaCertificateUsage.PkixTa => (Pki.Root, 2),
            TlsaCertificateUsage.DaneTa => (Pki.Intermediate, 1),
            _ => (Pki.Leaf, 0),
        };
        TlsaRdata record = TlsaRecords.For(target, usage, selector, matchingType);

        DaneVerificationResult result = Verify([record], [Pki.Leaf, Pki.Intermediate]);

        Assert.Equal(DaneOutcome.Verified, result.Outcome);
        Assert.Equal(DaneFailureKind.None, result.FailureKind);
        Assert.Equal(depth, result.MatchDepth);
        Assert.Equal(usage, result.MatchedUsage);
        Assert.Same(record, result.MatchedRecord);
        Assert.Equal(target.RawData, result.MatchedCertificate!.RawData);
        Assert.Equal(TlsaRecordVerdict.Matched, result.Records[0].Verdict);
    }

    [Theory]
    [MemberData(nameof(AllCombinations))]
    public void Verify_EveryUsageSelectorMatchingTypeWithWrongKey_IsNoMatch(TlsaCertificateUsage usage, TlsaSelector selector, TlsaMatchingType matchingType)
    {
        X509Certificate2 impostor = usage switch
        {
            TlsaCertificateUsage.PkixTa => Pki.ImpostorRoot,
            TlsaCertificateUsage.DaneTa => Pki.ImpostorIntermediate,
            _ => Pki.UnrelatedLeaf,
        };

        DaneVerificationResult result = Verify([TlsaRecords.For(impostor, usage, selector, matchingType)], [Pki.Leaf, Pki.Intermediate]);

        Assert.Equal(DaneOutcome.Failed, result.Outcome);
        Assert.Equal(DaneFailureKind.NoMatch, result.FailureKind);
        Assert.Equal(-1, result.MatchDepth);
        Assert.Null(result.MatchedRecord);
        Assert.Equal(TlsaRecordVerdict.NoMatch, result.Records[0].Verdict);
    }

    [Theory]
    [MemberData(nameof(AllCombinations))]
    public void Verify_EveryCombinationWithWrongNameLeaf_OnlyDaneEeIgnoresTheName(TlsaCertificateUsage usage, TlsaSelector selector, TlsaMatchingType matchingType)
    {
        (X509Certificate2 target, int depth) = usage switch
        {
            TlsaCertificateUsage.PkixTa => (Pki.Root, 2),
            TlsaCertificateUsage.DaneTa => (Pki.Intermediate, 1),
            _ => (Pki.WrongNameLeaf, 0),
        };

        DaneVerificationResult result = Verify([TlsaRecords.For(target, usage, selector, matchingType)], [Pki.WrongNameLeaf, Pki.Intermediate]);

        Assert.Equal(usage == TlsaCertificateUsage.DaneEe ? DaneFailureKind.None : DaneFailureKind.NameMismatch, result.FailureKind);
        Assert.Equal(depth, result.MatchDepth);
    }

    [Theory]
    [MemberData(nameof(AllCombinations))]
    public void Verify_EveryCombinationWithExpiredLeaf_OnlyDaneEeIgnoresTheDates(TlsaCertificateUsage usage, TlsaSelector selector, TlsaMatchingType matchingType)
    {
        X509Certificate2 target = usage switch
        {
            TlsaCertificateUsage.PkixTa => Pki.Root,
            TlsaCertificateUsage.DaneTa => Pki.Intermediate,
            _ => Pki.ExpiredLeaf,
        };
        DaneFailureKind expected = usage switch
        {
            TlsaCertificateUsage.DaneEe => DaneFailureKind.None,
            TlsaCertificateUsage.DaneTa => DaneFailureKind.ValidityPeriod,
            _ => DaneFailureKind.PkixValidationFailed,
        };

        DaneVerificationResult result = Verify([TlsaRecords.For(target, usage, selector, matchingType)], [Pki.ExpiredLeaf, Pki.Intermediate]);

        Assert.Equal(expected, result.FailureKind);
    }

    [Theory]
    [MemberData(nameof(AllCombinations))]
    public void Verify_EveryCombinationOnSelfSignedLeaf_OnlyDaneEeOrItsBareKeyAuthenticates(TlsaCertificateUsage usage, TlsaSelector selector, TlsaMatchingType matchingType)
    {
        // DANE-TA(2) needs an issuer at depth ≥ 1, except that a "2 1 0" bare key which signed the top of the path (here the
        // self-signed leaf itself) is an anchor at that depth, as in OpenSSL. PKIX usages fail: the leaf is not in the trust store.
        DaneFailureKind expected = (usage, selector, matchingType) switch
        {
            (TlsaCertificateUsage.DaneEe, _, _) => DaneFailureKind.None,
            (TlsaCertificateUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Full) => DaneFailureKind.None,
            (TlsaCertificateUsage.DaneTa, _, _) => DaneFailureKind.NoMatch,
            _ => DaneFailureKind.PkixValidationFailed,
        };

        DaneVerificationResult result = Verify([TlsaRecords.For(Pki.SelfSignedLeaf, usage, selector, matchingType)], [Pki.SelfSignedLeaf]);

        Assert.Equal(expected, result.FailureKind);
        Assert.Equal(expected == DaneFailureKind.None || usage == TlsaCertificateUsage.PkixEe ? 0 : -1, result.MatchDepth);
    }

    [Fact]
    public void Verify_DaneEeWithExpiredLeaf_IsVerified()
    {
        DaneVerificationResult result = Verify([TlsaRecords.For(Pki.ExpiredLeaf, TlsaCertificateUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha256)], [Pki.ExpiredLeaf, Pki.Intermediate]);

        Assert.Equal(DaneOutcome.Verified, result.Outcome);
        Assert.Equal(0, result.MatchDepth);
    }

    [Fact]
    public void Verify_PkixEeWithExpiredLeaf_FailsPkixValidation()
    {
        DaneVerificationResult result = Verify([TlsaRecords.For(Pki.ExpiredLeaf, TlsaCertificateUsage.PkixEe, TlsaSelector.Spki, TlsaMatchingType.Sha256)], [Pki.ExpiredLeaf, Pki.Intermediate]);

        Assert.Equal(DaneOutcome.Failed, result.Outcome);
        Assert.Equal(DaneFailureKind.PkixValidationFailed, result.FailureKind);
        Assert.Equal(0, result.MatchDepth);
        Assert.Equal(TlsaRecordVerdict.PkixValidationFailed, result.Records[0].Verdict);
    }

    [Fact]
    public void Verify_DaneTaWithExpiredLeaf_FailsValidityPeriod()
    {
        DaneVerificationResult result = Verify([TlsaRecords.For(Pki.Intermediate, TlsaCertificateUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Sha256)], [Pki.ExpiredLeaf, Pki.Intermediate]);

        Assert.Equal(DaneFailureKind.ValidityPeriod, result.FailureKind);
        Assert.Equal(1, result.MatchDepth);
    }

    [Fact]
    public void Verify_DaneTaDates_AreJudgedAtTheInjectedClock()
    {
        TlsaRdata record = TlsaRecords.For(Pki.Intermediate, TlsaCertificateUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Sha256);
        var later = Options with { TimeProvider = new FixedTimeProvider(TestPki.Now.AddDays(400)) };

        Assert.True(Verify([record], [Pki.Leaf, Pki.Intermediate]).IsVerified);
        Assert.Equal(DaneFailureKind.ValidityPeriod, Verify([record], [Pki.Leaf, Pki.Intermediate], options: later).FailureKind);
    }

    [Fact]
    public void Verify_DaneTaWithNameMismatch_FailsWithNameMismatchAtMatchDepth()
    {
        DaneVerificationResult result = Verify([TlsaRecords.For(Pki.Intermediate, TlsaCertificateUsage.DaneTa, TlsaSelector.Cert, TlsaMatchingType.Sha256)], [Pki.WrongNameLeaf, Pki.Intermediate]);

        Assert.Equal(DaneOutcome.Failed, result.Outcome);
        Assert.Equal(DaneFailureKind.NameMismatch, result.FailureKind);
        Assert.Equal(1, result.MatchDepth);
        Assert.Equal(TlsaRecordVerdict.NameMismatch, result.Records[0].Verdict);
    }

    [Fact]
    public void Verify_DaneEeWithNameMismatch_PassesUnlessEeNameChecksAreOn()
    {
        TlsaRdata record = TlsaRecords.For(Pki.WrongNameLeaf, TlsaCertificateUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha256);

        DaneVerificationResult relaxed = Verify([record], [Pki.WrongNameLeaf]);
        DaneVerificationResult strict = Verify([record], [Pki.WrongNameLeaf], options: Options with { CheckDaneEeNames = true });

        Assert.Equal(DaneOutcome.Verified, relaxed.Outcome);
        Assert.Equal(DaneFailureKind.NameMismatch, strict.FailureKind);
        Assert.Equal(0, strict.MatchDepth);
    }

    [Fact]
    public void Verify_PkixEeWithNameMismatch_FailsWithNameMismatch()
    {
        DaneVerificationResult result = Verify([TlsaRecords.For(Pki.WrongNameLeaf, TlsaCertificateUsage.PkixEe, TlsaSelector.Cert, TlsaMatchingType.Full)], [Pki.WrongNameLeaf, Pki.Intermediate]);

        Assert.Equal(DaneFailureKind.NameMismatch, result.FailureKind);
        Assert.Equal(0, result.MatchDepth);
    }

    [Fact]
    public void Verify_DaneTaBareKeyWithAnchorAbsent_PassesWhenTheKeySignedTheTopCertificate()
    {
        DaneVerificationResult result = Verify([TlsaRecords.For(Pki.Root, TlsaCertificateUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Full)], [Pki.Leaf, Pki.Intermediate]);

        Assert.Equal(DaneOutcome.Verified, result.Outcome);
        Assert.Equal(1, result.MatchDepth);
        Assert.Null(result.MatchedCertificate);
    }

    [Fact]
    public void Verify_DaneTaBareKeyWithAnchorAbsent_FailsWhenTheKeyDidNotSign()
    {
        // Same subject name as the real root, different key: only the signature tells them apart.
        DaneVerificationResult result = Verify([TlsaRecords.For(Pki.ImpostorRoot, TlsaCertificateUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Full)], [Pki.Leaf, Pki.Intermediate]);

        Assert.Equal(DaneFailureKind.NoMatch, result.FailureKind);
    }

    [Fact]
    public void Verify_DaneTaSpkiDigestWithAnchorAbsent_IsNoMatch()
    {
        // RFC 7671 §5.2.2: only "2 1 0" lets the server omit the anchor; a digest names no key to check signatures with.
        DaneVerificationResult result = Verify([TlsaRecords.For(Pki.Root, TlsaCertificateUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Sha256)], [Pki.Leaf, Pki.Intermediate]);

        Assert.Equal(DaneFailureKind.NoMatch, result.FailureKind);
    }

    [Fact]
    public void Verify_DaneTaSpkiDigestWithAnchorPresented_PassesOnlyWhenTheSignatureVerifies()
    {
        DaneVerificationResult genuine = Verify([TlsaRecords.For(Pki.Root, TlsaCertificateUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Sha256)], [Pki.Leaf, Pki.Intermediate, Pki.Root]);
        DaneVerificationResult impostor = Verify([TlsaRecords.For(Pki.ImpostorRoot, TlsaCertificateUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Sha256)], [Pki.Leaf, Pki.Intermediate, Pki.ImpostorRoot]);

        Assert.Equal(DaneOutcome.Verified, genuine.Outcome);
        Assert.Equal(2, genuine.MatchDepth);
        Assert.Equal(DaneFailureKind.SignatureInvalid, impostor.FailureKind);
        Assert.Equal(2, impostor.MatchDepth);
    }

    [Fact]
    public void Verify_DaneTaFullCertificateFromDns_SuppliesTheAbsentAnchor()
    {
        DaneVerificationResult result = Verify([TlsaRecords.For(Pki.Root, TlsaCertificateUsage.DaneTa, TlsaSelector.Cert, TlsaMatchingType.Full)], [Pki.Leaf, Pki.Intermediate]);

        Assert.Equal(DaneOutcome.Verified, result.Outcome);
        Assert.Equal(2, result.MatchDepth);
        Assert.Equal(Pki.Root.RawData, result.MatchedCertificate!.RawData);
    }

    [Fact]
    public void Verify_DaneTaMatchingOnlyTheLeaf_IsNoMatch()
    {
        DaneVerificationResult ta = Verify([TlsaRecords.For(Pki.SelfSignedLeaf, TlsaCertificateUsage.DaneTa, TlsaSelector.Cert, TlsaMatchingType.Sha256)], [Pki.SelfSignedLeaf]);
        DaneVerificationResult ee = Verify([TlsaRecords.For(Pki.SelfSignedLeaf, TlsaCertificateUsage.DaneEe, TlsaSelector.Cert, TlsaMatchingType.Sha256)], [Pki.SelfSignedLeaf]);

        Assert.Equal(DaneFailureKind.NoMatch, ta.FailureKind);
        Assert.Equal(DaneOutcome.Verified, ee.Outcome);
    }

    [Fact]
    public void Verify_PkixTaMatchingTheLeaf_IsNoMatch()
    {
        DaneVerificationResult result = Verify([TlsaRecords.For(Pki.Leaf, TlsaCertificateUsage.PkixTa, TlsaSelector.Cert, TlsaMatchingType.Sha256)], [Pki.Leaf, Pki.Intermediate]);

        Assert.Equal(DaneFailureKind.NoMatch, result.FailureKind);
    }

    [Fact]
    public void Verify_PkixWithSystemTrustStore_FailsForPrivateCa()
    {
        var systemStore = Options with { PkixTrustStore = [] };

        DaneVerificationResult result = Verify([TlsaRecords.For(Pki.Leaf, TlsaCertificateUsage.PkixEe, TlsaSelector.Spki, TlsaMatchingType.Sha256)], [Pki.Leaf, Pki.Intermediate, Pki.Root], options: systemStore);

        Assert.Equal(DaneFailureKind.PkixValidationFailed, result.FailureKind);
    }

    [Fact]
    public void Verify_PkixEeWithMissingIntermediate_PassesOnlyWhenAPkixTaFullRecordSuppliesIt()
    {
        TlsaRdata ee = TlsaRecords.For(Pki.Leaf, TlsaCertificateUsage.PkixEe, TlsaSelector.Spki, TlsaMatchingType.Sha256);
        TlsaRdata intermediate = TlsaRecords.For(Pki.Intermediate, TlsaCertificateUsage.PkixTa, TlsaSelector.Cert, TlsaMatchingType.Full);

        DaneVerificationResult without = Verify([ee], [Pki.Leaf]);
        DaneVerificationResult with = Verify([ee, intermediate], [Pki.Leaf]);

        Assert.Equal(DaneFailureKind.PkixValidationFailed, without.FailureKind);
        Assert.Equal(0, without.MatchDepth);
        Assert.Equal(DaneOutcome.Verified, with.Outcome);
        Assert.Equal(0, with.MatchDepth);
        Assert.Equal(0, with.MatchedRecordIndex);
    }

    [Fact]
    public void Verify_DaneTaThroughIssuerWithoutCaFlag_Fails()
    {
        DaneVerificationResult result = Verify([TlsaRecords.For(Pki.Root, TlsaCertificateUsage.DaneTa, TlsaSelector.Cert, TlsaMatchingType.Sha256)], [Pki.LeafUnderNonCa, Pki.NonCaIssuer, Pki.Root]);

        Assert.Equal(DaneFailureKind.NotCertificateAuthority, result.FailureKind);
        Assert.Equal(2, result.MatchDepth);
    }

    [Fact]
    public void Verify_DaneTaAnchorWithoutCaFlag_Fails()
    {
        DaneVerificationResult result = Verify([TlsaRecords.For(Pki.NonCaIssuer, TlsaCertificateUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Sha256)], [Pki.LeafUnderNonCa, Pki.NonCaIssuer]);

        Assert.Equal(DaneFailureKind.NotCertificateAuthority, result.FailureKind);
        Assert.Equal(1, result.MatchDepth);
    }

    public static TheoryData<byte, byte, byte, string, TlsaRecordVerdict> UnusableRecords() => new()
    {
        { 4, 1, 1, new string('a', 64), TlsaRecordVerdict.UnknownUsage },
        { 255, 1, 1, new string('a', 64), TlsaRecordVerdict.UnknownUsage },
        { 3, 2, 1, new string('a', 64), TlsaRecordVerdict.UnknownSelector },
        { 3, 1, 3, new string('a', 64), TlsaRecordVerdict.UnknownMatchingType },
        { 3, 1, 1, new string('a', 62), TlsaRecordVerdict.BadDigestLength },
        { 3, 1, 2, new string('a', 64), TlsaRecordVerdict.BadDigestLength },
        { 3, 0, 0, "3003020101", TlsaRecordVerdict.MalformedCertificate },
        { 2, 0, 0, "", TlsaRecordVerdict.MalformedCertificate },
        { 3, 1, 0, "3003020101", TlsaRecordVerdict.MalformedPublicKey },
        { 2, 1, 0, "deadbeef", TlsaRecordVerdict.MalformedPublicKey },
    };

    [Theory]
    [MemberData(nameof(UnusableRecords))]
    public void Verify_OnlyUnusableRecords_IsNotApplicable(byte usage, byte selector, byte matchingType, string hex, TlsaRecordVerdict verdict)
    {
        DaneVerificationResult result = Verify([TlsaRecords.Raw(usage, selector, matchingType, Convert.FromHexString(hex))], [Pki.Leaf, Pki.Intermediate]);

        Assert.Equal(DaneOutcome.NotApplicable, result.Outcome);
        Assert.Equal(verdict, result.Records[0].Verdict);
        Assert.False(result.Records[0].IsUsable);
    }

    [Fact]
    public void Verify_FullCertificateWithTrailingOctets_IsUnusable()
    {
        byte[] padded = [.. Pki.Leaf.RawData, 0];

        DaneVerificationResult result = Verify([TlsaRecords.Raw(3, 0, 0, padded)], [Pki.Leaf]);

        Assert.Equal(DaneOutcome.NotApplicable, result.Outcome);
        Assert.Equal(TlsaRecordVerdict.MalformedCertificate, result.Records[0].Verdict);
    }

    [Fact]
    public void Verify_UnusableRecordsBesideAUsableOne_AreIgnored()
    {
        TlsaRdata good = TlsaRecords.For(Pki.Leaf, TlsaCertificateUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha256);

        DaneVerificationResult result = Verify([TlsaRecords.Raw(9, 1, 1, new byte[32]), good], [Pki.Leaf]);

        Assert.Equal(DaneOutcome.Verified, result.Outcome);
        Assert.Equal(1, result.MatchedRecordIndex);
        Assert.Equal(TlsaRecordVerdict.UnknownUsage, result.Records[0].Verdict);
    }

    [Fact]
    public void Verify_SmtpProfile_TreatsPkixUsagesAsUnusable()
    {
        var smtp = Options with { Profile = DaneProfile.Smtp };
        TlsaRdata pkixEe = TlsaRecords.For(Pki.Leaf, TlsaCertificateUsage.PkixEe, TlsaSelector.Spki, TlsaMatchingType.Sha256);
        TlsaRdata daneEe = TlsaRecords.For(Pki.Leaf, TlsaCertificateUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha256);

        DaneVerificationResult pkixOnly = Verify([pkixEe], [Pki.Leaf, Pki.Intermediate], options: smtp);
        DaneVerificationResult withDane = Verify([pkixEe, daneEe], [Pki.Leaf, Pki.Intermediate], options: smtp);

        Assert.Equal(DaneOutcome.NotApplicable, pkixOnly.Outcome);
        Assert.Equal(TlsaRecordVerdict.UnusableInProfile, pkixOnly.Records[0].Verdict);
        Assert.Equal(DaneOutcome.Verified, withDane.Outcome);
        Assert.Equal(TlsaCertificateUsage.DaneEe, withDane.MatchedUsage);
    }

    [Fact]
    public void Verify_WeakerDigestBesideStrongerOne_IsIgnored()
    {
        // RFC 7671 §9: the SHA2-512 record (wrong key) displaces the SHA2-256 record (right key) for the same usage and selector.
        TlsaRdata right256 = TlsaRecords.For(Pki.Leaf, TlsaCertificateUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha256);
        TlsaRdata wrong512 = TlsaRecords.For(Pki.UnrelatedLeaf, TlsaCertificateUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha512);

        DaneVerificationResult result = Verify([right256, wrong512], [Pki.Leaf]);

        Assert.Equal(DaneFailureKind.NoMatch, result.FailureKind);
        Assert.Equal(TlsaRecordVerdict.WeakerDigest, result.Records[0].Verdict);
        Assert.Equal(TlsaRecordVerdict.NoMatch, result.Records[1].Verdict);
    }

    [Fact]
    public void Verify_UnusableStrongerDigest_DoesNotDisplaceAUsableWeakerOne()
    {
        TlsaRdata right256 = TlsaRecords.For(Pki.Leaf, TlsaCertificateUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha256);

        DaneVerificationResult result = Verify([TlsaRecords.Raw(3, 1, 2, new byte[10]), right256], [Pki.Leaf]);

        Assert.Equal(DaneOutcome.Verified, result.Outcome);
        Assert.Equal(TlsaRecordVerdict.BadDigestLength, result.Records[0].Verdict);
    }

    [Fact]
    public void Verify_DigestAgility_KeepsFullRecordsAndOtherSelectors()
    {
        TlsaRdata wrong512 = TlsaRecords.For(Pki.UnrelatedLeaf, TlsaCertificateUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha512);
        TlsaRdata rightFull = TlsaRecords.For(Pki.Leaf, TlsaCertificateUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Full);
        TlsaRdata rightCert256 = TlsaRecords.For(Pki.Leaf, TlsaCertificateUsage.DaneEe, TlsaSelector.Cert, TlsaMatchingType.Sha256);

        DaneVerificationResult full = Verify([wrong512, rightFull], [Pki.Leaf]);
        DaneVerificationResult otherSelector = Verify([wrong512, rightCert256], [Pki.Leaf]);

        Assert.Equal(1, full.MatchedRecordIndex);
        Assert.Equal(1, otherSelector.MatchedRecordIndex);
    }

    [Fact]
    public void Verify_DaneEeAndDaneTaBothMatching_DaneEeDecidesAtDepthZero()
    {
        TlsaRdata ta = TlsaRecords.For(Pki.Intermediate, TlsaCertificateUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Sha256);
        TlsaRdata ee = TlsaRecords.For(Pki.Leaf, TlsaCertificateUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha256);

        DaneVerificationResult result = Verify([ta, ee], [Pki.Leaf, Pki.Intermediate]);

        Assert.Equal(0, result.MatchDepth);
        Assert.Equal(TlsaCertificateUsage.DaneEe, result.MatchedUsage);
        Assert.Equal(TlsaRecordVerdict.NotEvaluated, result.Records[0].Verdict);
    }

    [Fact]
    public void Verify_TwoDaneTaRecords_TheAnchorNearestTheLeafDecides()
    {
        TlsaRdata root = TlsaRecords.For(Pki.Root, TlsaCertificateUsage.DaneTa, TlsaSelector.Cert, TlsaMatchingType.Sha256);
        TlsaRdata intermediate = TlsaRecords.For(Pki.Intermediate, TlsaCertificateUsage.DaneTa, TlsaSelector.Cert, TlsaMatchingType.Sha256);

        DaneVerificationResult result = Verify([root, intermediate], [Pki.Leaf, Pki.Intermediate, Pki.Root]);

        Assert.Equal(1, result.MatchDepth);
        Assert.Equal(1, result.MatchedRecordIndex);
    }

    [Fact]
    public void Verify_DaneTaWithPkixRecordsPresent_DaneTaDecidesWithoutTheTrustStore()
    {
        var untrusted = Options with { PkixTrustStore = [Pki.ImpostorRoot] };
        TlsaRdata pkixEe = TlsaRecords.For(Pki.Leaf, TlsaCertificateUsage.PkixEe, TlsaSelector.Spki, TlsaMatchingType.Sha256);
        TlsaRdata daneTa = TlsaRecords.For(Pki.Root, TlsaCertificateUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Sha256);

        DaneVerificationResult result = Verify([pkixEe, daneTa], [Pki.Leaf, Pki.Intermediate, Pki.Root], options: untrusted);

        Assert.Equal(DaneOutcome.Verified, result.Outcome);
        Assert.Equal(TlsaCertificateUsage.DaneTa, result.MatchedUsage);
        Assert.Equal(2, result.MatchDepth);
    }

    [Fact]
    public void Verify_SmtpReferenceNames_AnyOfThemMayMatch()
    {
        var smtp = Options with { Profile = DaneProfile.Smtp };
        TlsaRdata record = TlsaRecords.For(Pki.Intermediate, TlsaCertificateUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Sha256);

        DaneVerificationResult mxHost = Verify([record], [Pki.Leaf, Pki.Intermediate], ["example.net", TestPki.HostName], smtp);
        DaneVerificationResult nextHopOnly = Verify([record], [Pki.Leaf, Pki.Intermediate], ["example.net"], smtp);
        DaneVerificationResult none = Verify([record], [Pki.Leaf, Pki.Intermediate], [], smtp);

        Assert.Equal(DaneOutcome.Verified, mxHost.Outcome);
        Assert.Equal(DaneFailureKind.NameMismatch, nextHopOnly.FailureKind);
        Assert.Equal(DaneFailureKind.NameMismatch, none.FailureKind);
    }

    [Fact]
    public void Verify_EmptyChain_FailsWithNoCertificate()
    {
        DaneVerificationResult result = Verify([TlsaRecords.For(Pki.Leaf, TlsaCertificateUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha256)], []);

        Assert.Equal(DaneOutcome.Failed, result.Outcome);
        Assert.Equal(DaneFailureKind.NoCertificate, result.FailureKind);
    }

    [Fact]
    public void Verify_NoRecords_IsNotApplicable()
    {
        DaneVerificationResult result = Verify([], [Pki.Leaf]);

        Assert.Equal(DaneOutcome.NotApplicable, result.Outcome);
        Assert.Empty(result.Records);
    }

    [Fact]
    public void Verify_Failure_ExplainsEveryRecord()
    {
        TlsaRdata ee = TlsaRecords.For(Pki.UnrelatedLeaf, TlsaCertificateUsage.DaneEe, TlsaSelector.Cert, TlsaMatchingType.Sha256);
        TlsaRdata ta = TlsaRecords.For(Pki.ImpostorRoot, TlsaCertificateUsage.DaneTa, TlsaSelector.Spki, TlsaMatchingType.Sha512);
        TlsaRdata unknown = TlsaRecords.Raw(3, 7, 1, new byte[32]);

        DaneVerificationResult result = Verify([ee, ta, unknown], [Pki.Leaf, Pki.Intermediate, Pki.Root]);

        Assert.Equal(DaneFailureKind.NoMatch, result.FailureKind);
        Assert.Equal([TlsaRecordVerdict.NoMatch, TlsaRecordVerdict.NoMatch, TlsaRecordVerdict.UnknownSelector], result.Records.Select(r => r.Verdict));
        Assert.All(result.Records, r => Assert.False(string.IsNullOrEmpty(r.Detail)));
        Assert.Equal([0, 1, 2], result.Records.Select(r => r.Index));
    }

    [Fact]
    public void DaneOutcome_DefaultValue_IsFailed() => Assert.Equal(DaneOutcome.Failed, default(DaneOutcome));

    [Fact]
    public void Verify_InvalidOptions_Throws()
    {
        TlsaRdata record = TlsaRecords.For(Pki.Leaf, TlsaCertificateUsage.DaneEe, TlsaSelector.Spki, TlsaMatchingType.Sha256);

        Assert.Throws<ArgumentNullException>(() => DaneMatcher.Verify(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => Verify([record], [Pki.Leaf], options: Options with { MaxChainLength = 0 }));
    }

    private static DaneVerificationResult Verify(
        IReadOnlyList<TlsaRdata> records, IReadOnlyList<X509Certificate2> chain, IReadOnlyList<string>? names = null, DaneVerificationOptions? options = null) =>
        DaneMatcher.Verify(new DaneVerificationRequest(records, chain, names ?? [TestPki.HostName]) { Options = options ?? Options });
}
