using System.Security.Cryptography.X509Certificates;

namespace DaneSockets.Tests.Support;

/// <summary>
/// A small PKI generated per test class: root CA → intermediate CA → leaves, plus look-alikes with other keys.
/// Every certificate is valid around <see cref="Now"/> unless its name says otherwise.
/// </summary>
internal sealed class TestPki
{
    public const string HostName = "mx1.example.net";
    public const string OtherHostName = "www.example.org";

    public static readonly DateTimeOffset Now = new(2030, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly DateTimeOffset NotBefore = Now.AddDays(-365);
    private static readonly DateTimeOffset NotAfter = Now.AddDays(365);

    public TestPki()
    {
        Root = CreateCa("CN=DANE Test Root", issuer: null);
        Intermediate = CreateCa("CN=DANE Test Intermediate", Root);
        Leaf = CreateLeaf(HostName, Intermediate);
        ExpiredLeaf = CreateLeaf(HostName, Intermediate, Now.AddDays(-730), Now.AddDays(-1));
        WrongNameLeaf = CreateLeaf(OtherHostName, Intermediate);
        SelfSignedLeaf = CreateLeaf(HostName, issuer: null);
        ImpostorRoot = CreateCa("CN=DANE Test Root", issuer: null);
        ImpostorIntermediate = CreateCa("CN=DANE Test Intermediate", ImpostorRoot);
        UnrelatedLeaf = CreateLeaf(HostName, ImpostorIntermediate);
        NonCaIssuer = CreateLeaf("issuer.example.net", Root, ca: false, subject: "CN=Not A CA");
        LeafUnderNonCa = CreateLeaf(HostName, NonCaIssuer);
    }

    public X509Certificate2 Root { get; }

    public X509Certificate2 Intermediate { get; }

    public X509Certificate2 Leaf { get; }

    public X509Certificate2 ExpiredLeaf { get; }

    public X509Certificate2 WrongNameLeaf { get; }

    public X509Certificate2 SelfSignedLeaf { get; }

    /// <summary>Same subject name as <see cref="Root"/>, different key.</summary>
    public X509Certificate2 ImpostorRoot { get; }

    /// <summary>Same subject name as <see cref="Intermediate"/>, different key, issued by <see cref="ImpostorRoot"/>.</summary>
    public X509Certificate2 ImpostorIntermediate { get; }

    /// <summary>A leaf for <see cref="HostName"/> with a different key and issuer.</summary>
    public X509Certificate2 UnrelatedLeaf { get; }

    /// <summary>An end-entity certificate (no CA flag) issued by the root.</summary>
    public X509Certificate2 NonCaIssuer { get; }

    /// <summary>A leaf for <see cref="HostName"/> issued by <see cref="NonCaIssuer"/>.</summary>
    public X509Certificate2 LeafUnderNonCa { get; }

    private static X509Certificate2 CreateCa(string subject, X509Certificate2? issuer) =>
        TestCertificates.CreateCa(subject, issuer, NotBefore, NotAfter);

    private static X509Certificate2 CreateLeaf(
        string dnsName, X509Certificate2? issuer, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null,
        bool ca = false, string? subject = null) =>
        TestCertificates.CreateLeaf(dnsName, issuer, notBefore ?? NotBefore, notAfter ?? NotAfter, ca, subject, serverAuth: false);
}
