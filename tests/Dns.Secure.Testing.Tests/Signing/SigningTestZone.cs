using DnsSecure.Records;
using DnsSecure.Testing.Signing;

namespace DnsSecure.Testing.Tests.Signing;

/// <summary>An unsigned zone with every shape the signer must handle, and helpers to read signed output.</summary>
internal static class SigningTestZone
{
    public static DomainName Origin { get; } = DomainName.Parse("signer.test.");

    // Apex data, a wildcard, an empty non-terminal (b.deep, deep), a secure delegation with glue, an insecure delegation
    // with glue and an empty non-terminal above it (x.opt is only there for it), a DNAME with an occluded name below it,
    // and a mixed-case owner.
    public const string Text = """
        $TTL 3600
        @               SOA     ns1 hostmaster 2026010101 7200 3600 1209600 300
        @               NS      ns1
        @               MX      10 mail
        ns1             A       192.0.2.53
        mail            A       192.0.2.25
        www             A       192.0.2.1
        www             AAAA    2001:db8::1
        *.wild          TXT     "wildcard"
        a.b.deep        A       192.0.2.7
        Mixed.Case      TXT     "case kept"
        secure          NS      ns.secure
        secure          DS      12345 13 2 0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B56664C5D3D6
        ns.secure       A       192.0.2.54
        insecure        NS      ns.insecure
        ns.insecure     A       192.0.2.55
        child.x.opt     NS      ns1.elsewhere.example.
        redirect        DNAME   target.example.
        hidden.redirect A       192.0.2.99
        """;

    public static DomainName Name(string relative) => DomainName.Parse(relative, Origin);

    public static IEnumerable<ResourceRecord> RrsigsOf(SignedZone zone, string relative, RecordType covered) =>
        zone.Records.Where(r => r.Name == Name(relative) && r.Data is RrsigRdata s && s.TypeCovered == covered);
}
