using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DaneSockets.Matching;

namespace DaneSockets.Tests.Matching;

public sealed class HostNameMatcherTests
{
    [Theory]
    [InlineData("mx.example.com", "mx.example.com", true)]
    [InlineData("MX.Example.COM", "mx.example.com", true)]
    [InlineData("mx.example.com", "mx.example.com.", true)]
    [InlineData("*.example.com", "mx.example.com", true)]
    [InlineData("*.example.com", "a.mx.example.com", false)]
    [InlineData("*.example.com", "example.com", false)]
    [InlineData("*.com", "example.com", false)]
    [InlineData("m*.example.com", "mx.example.com", false)]
    [InlineData("mx.*.com", "mx.example.com", false)]
    [InlineData("mx.example.com", "mx.example.org", false)]
    [InlineData("example.com", "mx.example.com", false)]
    public void Matches_DnsSubjectAltName_FollowsRfc6125(string presented, string reference, bool expected)
    {
        using X509Certificate2 certificate = Create("CN=unrelated.invalid", presented);

        Assert.Equal(expected, HostNameMatcher.Matches(certificate, [reference]));
    }

    [Fact]
    public void Matches_CommonName_IsUsedOnlyWithoutDnsSubjectAltName()
    {
        using X509Certificate2 cnOnly = Create("CN=mx.example.com", dnsName: null);
        using X509Certificate2 withSan = Create("CN=mx.example.com", "other.example.com");

        Assert.True(HostNameMatcher.Matches(cnOnly, ["mx.example.com"]));
        Assert.False(HostNameMatcher.Matches(withSan, ["mx.example.com"]));
    }

    [Fact]
    public void Matches_ReferenceWithWildcardOrNoReferences_NeverMatches()
    {
        using X509Certificate2 certificate = Create("CN=x", "*.example.com");

        Assert.False(HostNameMatcher.Matches(certificate, ["*.example.com"]));
        Assert.False(HostNameMatcher.Matches(certificate, []));
    }

    private static X509Certificate2 Create(string subject, string? dnsName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        if (dnsName is not null)
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddDnsName(dnsName);
            request.CertificateExtensions.Add(san.Build());
        }

        return request.CreateSelfSigned(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddYears(100));
    }
}
