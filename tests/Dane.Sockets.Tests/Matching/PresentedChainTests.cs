using System.Security.Cryptography.X509Certificates;
using DaneSockets.Matching;
using DaneSockets.Tests.Support;

namespace DaneSockets.Tests.Matching;

public sealed class PresentedChainTests
{
    private static readonly TestPki Pki = new();

    [Fact]
    public void FromValidationCallback_ReturnsLeafThenPeerCertificatesWithoutDuplicates()
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.ExtraStore.Add(Pki.Intermediate);
        chain.ChainPolicy.ExtraStore.Add(Pki.Leaf);
        chain.ChainPolicy.ExtraStore.Add(Pki.Root);

        IReadOnlyList<X509Certificate2> presented = PresentedChain.FromValidationCallback(Pki.Leaf, chain);

        Assert.Equal([Pki.Leaf.RawData, Pki.Intermediate.RawData, Pki.Root.RawData], presented.Select(c => c.RawData));
    }

    [Fact]
    public void FromValidationCallback_WithoutCertificate_IsEmpty() =>
        Assert.Empty(PresentedChain.FromValidationCallback(null, null));

    [Fact]
    public void FromPem_ReadsCertificatesInOrderAndSkipsOtherText()
    {
        string pem = "subject=leaf\n" + Pki.Leaf.ExportCertificatePem() + "\nissuer=x\n" + Pki.Intermediate.ExportCertificatePem();

        IReadOnlyList<X509Certificate2> chain = PresentedChain.FromPem(pem);

        Assert.Equal([Pki.Leaf.RawData, Pki.Intermediate.RawData], chain.Select(c => c.RawData));
    }
}
