using DnsSecure.Dnssec;
using DnsSecure.Iana;

namespace DnsSecure.Tests.Dnssec;

public class ValidatedTests
{
    private static readonly ValidationFailure Expired =
        ValidationFailure.Create(ValidationFailureKind.SignatureExpired, DomainName.Parse("example."), RecordType.A, "key 1");

    [Fact]
    public void DefaultStatus_IsIndeterminate() => Assert.Equal(DnssecStatus.Indeterminate, default(DnssecStatus));

    [Fact]
    public void RequireSecure_Secure_ReturnsValue() => Assert.Equal(42, Validated<int>.Secure(42).RequireSecure());

    [Fact]
    public void RequireSecure_Bogus_ThrowsWithFailure()
    {
        var e = Assert.Throws<DnssecValidationException>(() => Validated<int>.Bogus(Expired, 42).RequireSecure());
        Assert.Equal(DnssecStatus.Bogus, e.Status);
        Assert.Same(Expired, e.Failure);
    }

    [Theory]
    [InlineData(DnssecStatus.Insecure)]
    [InlineData(DnssecStatus.Indeterminate)]
    public void RequireSecure_NotSecure_Throws(DnssecStatus status)
    {
        Validated<string> v = status == DnssecStatus.Insecure ? Validated<string>.Insecure("x") : Validated<string>.Indeterminate("x");
        Assert.Throws<DnssecValidationException>(() => v.RequireSecure());
    }

    [Fact]
    public void TryGetSecure_OnlySecureYieldsValue()
    {
        Assert.True(Validated<string>.Secure("a").TryGetSecure(out string? a));
        Assert.Equal("a", a);
        Assert.False(Validated<string>.Insecure("b").TryGetSecure(out string? b));
        Assert.Null(b);
        Assert.True(Validated<string>.Insecure("b").TryGetSecureOrInsecure(out b));
        Assert.False(Validated<string>.Bogus(Expired, "c").TryGetSecureOrInsecure(out _));
    }

    [Fact]
    public void Select_KeepsVerdict()
    {
        Validated<int> v = Validated<string>.Bogus(Expired, "abc").Select(s => s!.Length);
        Assert.Equal(DnssecStatus.Bogus, v.Status);
        Assert.Equal(3, v.Value);
        Assert.Same(Expired, v.Failure);
    }

    [Fact]
    public void ValidationFailure_CarriesEdeAndPrintsProse()
    {
        Assert.Equal(ExtendedDnsErrorCode.SignatureExpired, Expired.ExtendedDnsError);
        string text = Expired.ToString();
        Assert.Contains("example./A", text, StringComparison.Ordinal);
        Assert.Contains("EDE 7", text, StringComparison.Ordinal);
        Assert.Contains("key 1", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ValidationFailureKind.MissingSignature, ExtendedDnsErrorCode.RrsigsMissing)]
    [InlineData(ValidationFailureKind.NoMatchingKey, ExtendedDnsErrorCode.DnskeyMissing)]
    [InlineData(ValidationFailureKind.MissingDenial, ExtendedDnsErrorCode.NsecMissing)]
    [InlineData(ValidationFailureKind.UnsupportedAlgorithm, ExtendedDnsErrorCode.UnsupportedDnskeyAlgorithm)]
    [InlineData(ValidationFailureKind.SignatureInvalid, ExtendedDnsErrorCode.DnssecBogus)]
    public void DefaultCode_MapsKindToRfc8914(ValidationFailureKind kind, ExtendedDnsErrorCode code) =>
        Assert.Equal(code, ValidationFailure.DefaultCode(kind));

    [Fact]
    public void ValidatorOptions_OutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ValidatorOptions { MaxKeyTagCollisions = 0 }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new ValidatorOptions { SignatureClockSkew = TimeSpan.FromDays(2) }.Validate());
        Assert.Same(ValidatorOptions.Default, ValidatorOptions.Default.Validate());
    }
}
