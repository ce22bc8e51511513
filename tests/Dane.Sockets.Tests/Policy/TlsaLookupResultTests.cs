using DaneSockets.Matching;
using DaneSockets.Policy;
using DaneSockets.Tests.Support;
using DnsSecure.Iana;

namespace DaneSockets.Tests.Policy;

public sealed class TlsaLookupResultTests
{
    private static readonly TestPki Pki = new();

    [Fact]
    public void FromSecureAnswer_NoRecords_IsSecureAbsent() =>
        Assert.Equal(TlsaLookupOutcome.SecureAbsent, TlsaLookupResult.FromSecureAnswer([]).Outcome);

    [Fact]
    public void FromSecureAnswer_OnlyUnusableRecords_IsSecureAllUnusable()
    {
        TlsaLookupResult result = TlsaLookupResult.FromSecureAnswer([TlsaRecords.Raw(4, 1, 1, new byte[32]), TlsaRecords.Raw(3, 1, 1, new byte[31])]);

        Assert.Equal(TlsaLookupOutcome.SecureAllUnusable, result.Outcome);
        Assert.Equal(2, result.Records.Length);
    }

    [Fact]
    public void FromSecureAnswer_PkixRecordsUnderSmtp_AreAllUnusable()
    {
        var records = new[] { TlsaRecords.For(Pki.Leaf, TlsaCertificateUsage.PkixEe, TlsaSelector.Spki, TlsaMatchingType.Sha256) };

        Assert.Equal(TlsaLookupOutcome.SecureUsable, TlsaLookupResult.FromSecureAnswer(records).Outcome);
        Assert.Equal(TlsaLookupOutcome.SecureAllUnusable, TlsaLookupResult.FromSecureAnswer(records, DaneProfile.Smtp).Outcome);
    }

    [Fact]
    public void Constructor_DefaultRecords_BecomesEmpty() =>
        Assert.Empty(new TlsaLookupResult(TlsaLookupOutcome.Insecure, default).Records);
}
