using DnsSecure.Wire;

namespace DnsSecure.Tests;

public class DomainNameTests
{
    [Theory]
    [InlineData("example.com", "example.com.")]
    [InlineData("Example.COM.", "Example.COM.")]
    [InlineData(".", ".")]
    [InlineData("a\\.b.example.", "a\\.b.example.")]
    [InlineData("\\065b.example.", "Ab.example.")]
    [InlineData("\\000.example.", "\\000.example.")]
    public void Parse_PrintsPresentationForm(string text, string expected) =>
        Assert.Equal(expected, DomainName.Parse(text).ToString());

    [Theory]
    [InlineData("a..b")]
    [InlineData("..")]
    [InlineData("a\\")]
    [InlineData("a\\25")]
    [InlineData("a\\256.b")]
    [InlineData("a b")]
    public void Parse_Invalid_Throws(string text) =>
        Assert.Throws<DnsFormatException>(() => DomainName.Parse(text));

    [Fact]
    public void Parse_LabelOf64Octets_Throws() =>
        Assert.Throws<DnsFormatException>(() => DomainName.Parse(new string('a', 64) + ".com"));

    [Fact]
    public void Parse_NameOf256Octets_Throws()
    {
        string name = string.Join('.', Enumerable.Repeat(new string('a', 63), 4)); // 4*64 + 1 = 257
        Assert.Throws<DnsFormatException>(() => DomainName.Parse(name));
        string ok = string.Join('.', Enumerable.Repeat(new string('a', 63), 3)) + "." + new string('b', 61); // 3*64+62+1 = 255
        Assert.Equal(255, DomainName.Parse(ok).WireLength);
    }

    [Fact]
    public void Equality_IgnoresAsciiCase()
    {
        Assert.Equal(DomainName.Parse("WWW.Example.com"), DomainName.Parse("www.example.COM."));
        Assert.Equal(DomainName.Parse("WWW.Example.com").GetHashCode(), DomainName.Parse("www.example.COM.").GetHashCode());
    }

    [Fact]
    public void Relative_IsCompletedWithOrigin()
    {
        var origin = DomainName.Parse("example.com.");
        Assert.Equal("www.example.com.", DomainName.Parse("www", origin).ToString());
        Assert.Same(origin, DomainName.Parse("@", origin));
    }

    [Fact]
    public void Rfc4034Section61_CanonicalOrder()
    {
        // The example list of RFC 4034 §6.1, in canonical order.
        string[] ordered =
        [
            "example.", "a.example.", "yljkjljk.a.example.", "Z.a.example.", "zABC.a.EXAMPLE.",
            "z.example.", "\\001.z.example.", "*.z.example.", "\\200.z.example.",
        ];
        var names = ordered.Select(DomainName.Parse).ToList();
        var shuffled = names.OrderBy(n => n.GetHashCode()).ToList();
        shuffled.Sort();
        Assert.Equal(ordered, shuffled.Select(n => n.ToString()).ToArray(), StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public void IsSubdomainOf_ComparesWholeLabels()
    {
        Assert.True(DomainName.Parse("a.b.example.").IsSubdomainOf(DomainName.Parse("EXAMPLE.")));
        Assert.True(DomainName.Parse("example.").IsSubdomainOf(DomainName.Root));
        Assert.False(DomainName.Parse("badexample.").IsSubdomainOf(DomainName.Parse("example.")));
    }
}
