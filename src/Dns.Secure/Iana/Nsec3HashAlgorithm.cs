namespace DnsSecure.Iana;

/// <summary>DNSSEC NSEC3 Hash Algorithms (IANA registry; RFC 5155 §11).</summary>
public enum Nsec3HashAlgorithm : byte
{
    /// <summary>SHA-1, the only defined algorithm.</summary>
    Sha1 = 1,
}
