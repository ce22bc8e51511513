namespace DnsSecure.Iana;

/// <summary>Certificate types of the CERT record (IANA "Certificate Types" registry; RFC 4398 §2.1). Other values may be cast.</summary>
public enum CertificateType : ushort
{
    /// <summary>X.509 as per PKIX.</summary>
    Pkix = 1,
    /// <summary>SPKI certificate.</summary>
    Spki = 2,
    /// <summary>OpenPGP packet.</summary>
    Pgp = 3,
    /// <summary>The URL of an X.509 data object.</summary>
    Ipkix = 4,
    /// <summary>The URL of an SPKI certificate.</summary>
    Ispki = 5,
    /// <summary>The fingerprint and URL of an OpenPGP packet.</summary>
    Ipgp = 6,
    /// <summary>Attribute certificate.</summary>
    Acpkix = 7,
    /// <summary>The URL of an attribute certificate.</summary>
    Iacpkix = 8,
    /// <summary>URI private.</summary>
    Uri = 253,
    /// <summary>OID private.</summary>
    Oid = 254,
}
