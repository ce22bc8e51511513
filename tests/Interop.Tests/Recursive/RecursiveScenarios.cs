namespace DnsSecure.Interop.Tests.Recursive;

/// <summary>The questions asked of <see cref="RecursiveHierarchy"/>, with the verdict the hierarchy is built to give.</summary>
public static class RecursiveScenarios
{
    /// <summary>What a validating recursive resolver answers: rcode and AD, SERVFAIL for bogus.</summary>
    public enum Verdict
    {
        Secure,
        Insecure,
        Bogus,
    }

    public static IReadOnlyList<(string Name, RecordType Type, Verdict Verdict, ResponseCode Rcode, string What)> All { get; } =
    [
        ("www.example.tld.", RecordType.A, Verdict.Secure, ResponseCode.NoError, "signed answer (ECDSA, NSEC zone under an NSEC3 TLD)"),
        ("_443._tcp.www.example.tld.", RecordType.TLSA, Verdict.Secure, ResponseCode.NoError, "signed TLSA"),
        ("nx.example.tld.", RecordType.A, Verdict.Secure, ResponseCode.NXDomain, "NXDOMAIN, NSEC"),
        ("www.example.tld.", RecordType.TXT, Verdict.Secure, ResponseCode.NoError, "NODATA, NSEC"),
        ("a.wild.example.tld.", RecordType.A, Verdict.Secure, ResponseCode.NoError, "wildcard expansion, NSEC"),
        ("alias.example.tld.", RecordType.A, Verdict.Secure, ResponseCode.NoError, "CNAME across zones (to Ed25519/NSEC3)"),
        ("alias-insecure.example.tld.", RecordType.A, Verdict.Insecure, ResponseCode.NoError, "CNAME into an unsigned zone"),
        ("www.other.tld.", RecordType.A, Verdict.Secure, ResponseCode.NoError, "signed answer, Ed25519"),
        ("nx.other.tld.", RecordType.A, Verdict.Secure, ResponseCode.NXDomain, "NXDOMAIN, NSEC3 without salt"),
        ("www.other.tld.", RecordType.TXT, Verdict.Secure, ResponseCode.NoError, "NODATA, NSEC3"),
        ("nx.tld.", RecordType.A, Verdict.Secure, ResponseCode.NXDomain, "NXDOMAIN in the TLD, NSEC3 with salt"),
        ("www.ext.tld.", RecordType.A, Verdict.Secure, ResponseCode.NoError, "name server out of bailiwick, no glue"),
        ("host.insecure.tld.", RecordType.A, Verdict.Insecure, ResponseCode.NoError, "unsigned delegation (NSEC3 proof of no DS)"),
        ("nx.insecure.tld.", RecordType.A, Verdict.Insecure, ResponseCode.NXDomain, "NXDOMAIN in an unsigned zone"),
        ("www.bad.tld.", RecordType.A, Verdict.Bogus, ResponseCode.ServFail, "bogus: tampered RDATA"),
        ("www.expired.tld.", RecordType.A, Verdict.Bogus, ResponseCode.ServFail, "bogus: expired signatures"),
        ("www.wrongds.tld.", RecordType.A, Verdict.Bogus, ResponseCode.ServFail, "bogus: DS matches no DNSKEY"),
        ("www.stripped.tld.", RecordType.A, Verdict.Bogus, ResponseCode.ServFail, "bogus: signed delegation, unsigned answers"),
        ("nonexistent-tld.", RecordType.A, Verdict.Secure, ResponseCode.NXDomain, "NXDOMAIN at the root, NSEC"),
    ];

    /// <summary>The verdict a DNS answer from a validating resolver carries.</summary>
    public static Verdict Of(DnsMessage answer) =>
        answer.ResponseCode == ResponseCode.ServFail ? Verdict.Bogus : answer.AuthenticData ? Verdict.Secure : Verdict.Insecure;
}
