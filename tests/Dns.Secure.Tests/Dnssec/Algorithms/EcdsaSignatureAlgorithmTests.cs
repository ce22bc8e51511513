using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using DnsSecure.Dnssec.Algorithms;

namespace DnsSecure.Tests.Dnssec.Algorithms;

public class EcdsaSignatureAlgorithmTests
{
    [Theory]
    [InlineData(32, 0x00, 0x00)] // r and s zero: one zero octet each
    [InlineData(32, 0x80, 0x7F)] // high bit set: a 0x00 before it; clear: none
    [InlineData(32, 0x00, 0x80)] // leading zero octets dropped, then a high bit
    [InlineData(48, 0x01, 0xFF)]
    public void ToDer_EdgeCoordinates_IsTheMinimalDerOfX690(int coordinate, byte rFirst, byte sFirst)
    {
        byte[] signature = new byte[2 * coordinate];
        signature[0] = rFirst;
        signature[coordinate] = sFirst;
        if (rFirst == 0 && sFirst == 0x80)
        {
            signature[1] = 0;
            signature[2] = 0xC3; // r = 0x00 0x00 0xC3 ...: two zero octets dropped, then a pad for the high bit
        }

        signature[^1] = 5;
        Span<byte> der = stackalloc byte[200];
        int length = EcdsaSignatureAlgorithm.ToDer(signature, der);

        var expected = new AsnWriter(AsnEncodingRules.DER);
        using (expected.PushSequence())
        {
            expected.WriteInteger(new BigInteger(signature.AsSpan(0, coordinate), isUnsigned: true, isBigEndian: true));
            expected.WriteInteger(new BigInteger(signature.AsSpan(coordinate), isUnsigned: true, isBigEndian: true));
        }

        Assert.Equal(expected.Encode(), der[..length].ToArray());
    }

    [Fact]
    public void ToDer_OddOrOverlongSignature_LeavesItToTheRuntime()
    {
        Span<byte> der = stackalloc byte[200];
        Assert.Equal(0, EcdsaSignatureAlgorithm.ToDer(new byte[63], der));
        Assert.Equal(0, EcdsaSignatureAlgorithm.ToDer(new byte[2 * 61], der));
        Assert.Equal(0, EcdsaSignatureAlgorithm.ToDer([], der));
    }

    [Fact]
    public void ToDer_OfRealSignatures_VerifiesAndATamperedOneDoesNot()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        byte[] data = "signed data"u8.ToArray();
        Span<byte> der = stackalloc byte[200];
        for (int i = 0; i < 50; i++)
        {
            byte[] signature = key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            int length = EcdsaSignatureAlgorithm.ToDer(signature, der);
            Assert.True(key.VerifyData(data, der[..length], HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

            signature[^1] ^= 1;
            length = EcdsaSignatureAlgorithm.ToDer(signature, der);
            Assert.False(key.VerifyData(data, der[..length], HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        }
    }
}
