using DnsSecure.Dnssec;
using DnsSecure.Iana;
using DnsSecure.Records;
using DnsSecure.Resolution;
using DnsSecure.Testing.Signing;

namespace DnsSecure.Tests.Dnssec.Chain;

/// <summary>The chain of trust through DS sets the parent serves, seen through <see cref="ValidatingResolver"/>.</summary>
public sealed class ChainOfTrustTests
{
    private static async Task<(SignedTree Tree, ValidatingResolver Resolver)> TreeWithDsAsync(Func<SignedZone, IEnumerable<string>> dsSet, ZoneSigningOptions? childOptions = null)
    {
        var tree = new SignedTree();
        SignedZone example = tree.Sign("example.", SignedTree.Apex("example.") + "www.example. IN A 192.0.2.1\n", childOptions);
        tree.Sign(".", SignedTree.Apex(".") + "example. IN NS ns1.example.\n" + string.Join('\n', dsSet(example)) + "\n");
        await tree.StartAsync();
        return (tree, tree.Resolver());
    }

    private static string Ds(SignedZone zone, DigestType digestType, int? digestLength = null)
    {
        SigningKey ksk = zone.Keys.First(k => k.SignsKeySet);
        DsRdata ds = ksk.ToDs(zone.Origin, digestType);
        byte[] digest = digestLength is { } n ? ds.Digest.ToArray().Concat(new byte[64]).Take(n).ToArray() : ds.Digest.ToArray();
        return $"{zone.Origin} IN DS {ds.KeyTag} {(byte)ds.Algorithm} {(byte)digestType} {Convert.ToHexString(digest)}";
    }

    [Fact]
    public async Task Resolve_DsSetOfOnlyWrongLengthDigests_IsBogusAsUnboundAndBindSay()
    {
        // The DS set decodes, but no DS can match a key: a broken delegation, not an unsupported one. It fails closed
        // (EDE 9), as Unbound and BIND's delv answer it (tests/Interop.Tests/Differential, www.child.iter.).
        var (tree, resolver) = await TreeWithDsAsync(z => [Ds(z, DigestType.Sha256, 31), Ds(z, DigestType.Sha1, 32)]);
        await using (tree)
        {
            ValidatedLookup result = await resolver.ResolveAsync("www.example.", RecordType.A);
            Assert.Equal(DnssecStatus.Bogus, result.Status);
            Assert.Equal(ValidationFailureKind.DsMismatch, result.Failure!.Kind);
            Assert.Equal(ExtendedDnsErrorCode.DnskeyMissing, result.Failure.ExtendedDnsError);
        }
    }

    [Fact]
    public async Task Resolve_WrongLengthDsOfUnsupportedDigestType_IsInsecure()
    {
        // GOST (digest type 3) is not supported: its DS is ignored whatever its length, and a DS set of nothing else
        // leaves the child unsigned (RFC 4509 §3, RFC 6840 §5.2).
        var (tree, resolver) = await TreeWithDsAsync(z => [z.Origin + " IN DS 1 13 3 " + new string('A', 40)]);
        await using (tree)
        {
            ValidatedLookup result = await resolver.ResolveAsync("www.example.", RecordType.A);
            Assert.Equal(DnssecStatus.Insecure, result.Status);
            Assert.Equal(ExtendedDnsErrorCode.UnsupportedDsDigestType, result.Failure!.ExtendedDnsError);
        }
    }

    [Fact]
    public async Task Resolve_WrongLengthDsBesideMatchingDs_IsSecure()
    {
        var (tree, resolver) = await TreeWithDsAsync(z => [Ds(z, DigestType.Sha256, 33), Ds(z, DigestType.Sha256)]);
        await using (tree)
        {
            ValidatedLookup result = await resolver.ResolveAsync("www.example.", RecordType.A);
            Assert.Equal(DnssecStatus.Secure, result.Status);
        }
    }

    [Fact]
    public async Task Resolve_WrongLengthSha256BesideSha1_KeepsTheSha1Ds()
    {
        // RFC 4509 §3 drops SHA-1 DS only when a usable SHA-256 DS exists; a malformed one does not count.
        var (tree, resolver) = await TreeWithDsAsync(z => [Ds(z, DigestType.Sha256, 20), Ds(z, DigestType.Sha1)]);
        await using (tree)
        {
            ValidatedLookup result = await resolver.ResolveAsync("www.example.", RecordType.A);
            Assert.Equal(DnssecStatus.Secure, result.Status);
        }
    }

    [Fact]
    public async Task Resolve_WrongLengthDsMessage_StillDecodes()
    {
        var (tree, resolver) = await TreeWithDsAsync(z => [Ds(z, DigestType.Sha384, 20)]);
        await using (tree)
        {
            ValidatedLookup result = await resolver.ResolveAsync("example.", RecordType.DS);
            var ds = Assert.Single(result.RecordsOf<DsRdata>());
            Assert.False(ds.HasExpectedDigestLength);
            Assert.Equal(DnssecStatus.Secure, result.Status);
        }
    }
}
