using DnsSecure.Iana;

namespace DnsSecure.Tests.Dnssec.Algorithms;

/// <summary>One published signature example: the DNSKEY public-key field, the signing input rebuilt from the example's
/// RRset and RRSIG, and the RRSIG signature.</summary>
public sealed record SignatureVector(string Name, DnssecAlgorithm Algorithm, ushort Flags, ushort KeyTag, byte[] PublicKey, byte[] SigningInput, byte[] Signature)
{
    public override string ToString() => Name;
}

/// <summary>Signature examples of RFC 5702 §6, RFC 6605 §6 and RFC 8080 §6 (with erratum 4935); data only, transcribed from the RFCs.</summary>
internal static class PublishedSignatureVectors
{
    public static SignatureVector Rfc5702RsaSha256 { get; } = ExampleNetA(
        "Rfc5702RsaSha256", DnssecAlgorithm.RsaSha256, 256, 9033,
        "AwEAAcFcGsaxxdgiuuGmCkVImy4h99CqT7jwY3pexPGcnUFtR2Fh36BponcwtkZ4cAgtvd4Qs8PkxUdp6p/DlUmObdk=",
        [192, 0, 2, 91], "20300101000000", "20000101000000",
        "kRCOH6u7l0QGy9qpC9l1sLncJcOKFLJ7GhiUOibu4teYp5VE9RncriShZNz85mwlMgNEacFYK/lPtPiVYP4bwg==");

    public static SignatureVector Rfc5702RsaSha512 { get; } = ExampleNetA(
        "Rfc5702RsaSha512", DnssecAlgorithm.RsaSha512, 256, 3740,
        "AwEAAdHoNTOW+et86KuJOWRDp1pndvwb6Y83nSVXXyLA3DLroROUkN6X0O6pnWnjJQujX/AyhqFDxj13tOnD9u/1kTg7cV6rklMrZDtJCQ5PCl/D7QNPsgVsMu1J2Q8gpMpztNFLpPBz1bWXjDtaR7ZQBlZ3PFY12ZTSncorffcGmhOL",
        [192, 0, 2, 91], "20300101000000", "20000101000000",
        "tsb4wnjRUDnB1BUi+t6TMTXThjVnG+eCkWqjvvjhzQL1d0YRoOe0CbxrVDYd0xDtsuJRaeUw1ep94PzEWzr0iGYgZBWm/zpq+9fOuagYJRfDqfReKBzMweOLDiNa8iP5g9vMhpuv6OPlvpXwm9Sa9ZXIbNl1MBGk0fthPgxdDLw=");

    public static SignatureVector Rfc6605EcdsaP256 { get; } = ExampleNetA(
        "Rfc6605EcdsaP256", DnssecAlgorithm.EcdsaP256Sha256, 257, 55648,
        "GojIhhXUN/u4v54ZQqGSnyhWJwaubCvTmeexv7bR6edbkrSqQpF64cYbcB7wNcP+e+MAnLr+Wi9xMWyQLc8NAA==",
        [192, 0, 2, 1], "20100909100439", "20100812100439",
        "qx6wLYqmh+l9oCKTN6qIc+bw6ya+KJ8oMz0YP107epXAyGmt+3SNruPFKG7tZoLBLlUzGGus7ZwmwWep666VCw==");

    public static SignatureVector Rfc6605EcdsaP384 { get; } = ExampleNetA(
        "Rfc6605EcdsaP384", DnssecAlgorithm.EcdsaP384Sha384, 257, 10771,
        "xKYaNhWdGOfJ+nPrL8/arkwf2EY3MDJ+SErKivBVSum1w/egsXvSADtNJhyem5RCOpgQ6K8X1DRSEkrbYQ+OB+v8/uX45NBwY8rp65F6Glur8I/mlVNgF6W/qTI37m40",
        [192, 0, 2, 1], "20100909102025", "20100812102025",
        "/L5hDKIvGDyI1fcARX3z65qrmPsVz73QD1Mr5CEqOiLP95hxQouuroGCeZOvzFaxsT8Glr74hbavRKayJNuydCuzWTSSPdz7wnqXL5bdcJzusdnI0RSMROxxwGipWcJm");

    public static SignatureVector Rfc8080Ed25519Example1 { get; } = ExampleComMx(
        "Rfc8080Ed25519Example1", DnssecAlgorithm.Ed25519, 3613,
        "l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4=",
        "oL9krJun7xfBOIWcGHi7mag5/hdZrKWw15jPGrHpjQeRAvTdszaPD+QLs3fx8A4M3e23mRZ9VrbpMngwcrqNAg==");

    public static SignatureVector Rfc8080Ed25519Example2 { get; } = ExampleComMx(
        "Rfc8080Ed25519Example2", DnssecAlgorithm.Ed25519, 35217,
        "zPnZ/QwEe7S8C5SPz2OfS5RR40ATk2/rYnE9xHIEijs=",
        "zXQ0bkYgQTEFyfLyi9QoiY6D8ZdYo4wyUhVioYZXFdT410QPRITQSqJSnzQoSm5poJ7gD7AQR0O7KuI5k2pcBg==");

    public static SignatureVector Rfc8080Ed448Example1 { get; } = ExampleComMx(
        "Rfc8080Ed448Example1", DnssecAlgorithm.Ed448, 9713,
        "3kgROaDjrh0H2iuixWBrc8g2EpBBLCdGzHmn+G2MpTPhpj/OiBVHHSfPodx1FYYUcJKm1MDpJtIA",
        "3cPAHkmlnxcDHMyg7vFC34l0blBhuG1qpwLmjInI8w1CMB29FkEAIJUA0amxWndkmnBZ6SKiwZSAxGILn/NBtOXft0+Gj7FSvOKxE/07+4RQvE581N3Aj/JtIyaiYVdnYtyMWbSNyGEY2213WKsJlwEA");

    public static SignatureVector Rfc8080Ed448Example2 { get; } = ExampleComMx(
        "Rfc8080Ed448Example2", DnssecAlgorithm.Ed448, 38353,
        "kkreGWoccSDmUBGAe7+zsbG6ZAFQp+syPmYUurBRQc3tDjeMCJcVMRDmgcNLp5HlHAMy12VoISsA",
        "E1/oLjSGIbmLny/4fcgM1z4oL6aqo+izT3urCyHyvEp4Sp8Syg1eI+lJ57CSnZqjJP41O/9l4m0AsQ4f7qI1gVnML8vWWiyW2KXhT9kuAICUSxv5OWbf81Rq7Yu60npabODB0QFPb/rkW3kUZmQ0YQUA");

    /// <summary>RFC 8080 §6 private keys (32/57-octet seeds) matching the examples above, in the same order.</summary>
    public static IReadOnlyList<(SignatureVector Vector, string PrivateKey)> Rfc8080PrivateKeys { get; } =
    [
        (Rfc8080Ed25519Example1, "ODIyNjAzODQ2MjgwODAxMjI2NDUxOTAyMDQxNDIyNjI="),
        (Rfc8080Ed25519Example2, "DSSF3o0s0f+ElWzj9E/Osxw8hLpk55chkmx0LYN5WiY="),
        (Rfc8080Ed448Example1, "xZ+5Cgm463xugtkY5B0Jx6erFTXp13rYegst0qRtNsOYnaVpMx0Z/c5EiA9x8wWbDDct/U3FhYWA"),
        (Rfc8080Ed448Example2, "WEykD3ht3MHkU8iH4uVOLz8JLwtRBSqiBoM6fF72+Mrp/u5gjxuB1DV6NnPO2BlZdz4hdSTkOdOA"),
    ];

    public static IReadOnlyList<SignatureVector> All { get; } =
    [
        Rfc5702RsaSha256, Rfc5702RsaSha512, Rfc6605EcdsaP256, Rfc6605EcdsaP384,
        Rfc8080Ed25519Example1, Rfc8080Ed25519Example2, Rfc8080Ed448Example1, Rfc8080Ed448Example2,
    ];

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (SignatureVector v in All)
        {
            data.Add(v.Name);
        }

        return data;
    }

    public static SignatureVector Get(string name) => All.Single(v => v.Name == name);

    // www.example.net. 3600 IN A <address>, signed by example.net. (RFC 5702 §6, RFC 6605 §6).
    private static SignatureVector ExampleNetA(
        string name, DnssecAlgorithm algorithm, ushort flags, ushort keyTag, string key, byte[] address, string expiration, string inception, string signature) =>
        new(name, algorithm, flags, keyTag, Convert.FromBase64String(key),
            RawSigningInput.Build(RecordType.A, algorithm, 3, 3600, RawSigningInput.Timestamp(expiration), RawSigningInput.Timestamp(inception),
                keyTag, "example.net.", "www.example.net.", address),
            Convert.FromBase64String(signature));

    // example.com. 3600 IN MX 10 mail.example.com., signed by example.com. (RFC 8080 §6 with erratum 4935).
    private static SignatureVector ExampleComMx(string name, DnssecAlgorithm algorithm, ushort keyTag, string key, string signature) =>
        new(name, algorithm, 257, keyTag, Convert.FromBase64String(key),
            RawSigningInput.Build(RecordType.MX, algorithm, 2, 3600, RawSigningInput.Timestamp("20150819220000"), RawSigningInput.Timestamp("20150729220000"),
                keyTag, "example.com.", "example.com.", RawSigningInput.MxRdata(10, "mail.example.com.")),
            Convert.FromBase64String(signature));
}
