using DaneSockets.Results;

namespace DaneSockets.Matching;

/// <summary>
/// Matches a TLSA RRset against the certificate chain a TLS peer presented (RFC 6698, RFC 7671, RFC 7672).
/// </summary>
/// <remarks>
/// Glossary. <b>Usage</b>: PKIX-TA(0) a CA on a PKIX-valid path; PKIX-EE(1) the leaf, on a PKIX-valid path; DANE-TA(2) a trust
/// anchor for this service, no PKIX store; DANE-EE(3) the leaf itself, names and dates ignored. <b>Selector</b>: Cert(0)
/// the whole DER certificate, SPKI(1) its SubjectPublicKeyInfo. <b>Matching type</b>: Full(0) the selected octets,
/// SHA2-256(1) or SHA2-512(2) their digest. <b>Usable</b>: a record with known fields and well-formed data (RFC 7671 §4.1).
/// <b>Depth</b>: position on the validated path, 0 for the leaf.
/// </remarks>
public static class DaneMatcher
{
    /// <summary>Verifies the chain against the records. Never throws for bad data: unusable records, malformed
    /// certificates and failed checks are reported in the result.</summary>
    /// <param name="request">Records, chain, reference names and options.</param>
    /// <returns>Verified, failed (with one reason per record) or not applicable (no usable record).</returns>
    public static DaneVerificationResult Verify(DaneVerificationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Records);
        ArgumentNullException.ThrowIfNull(request.Chain);
        ArgumentNullException.ThrowIfNull(request.ReferenceNames);
        ArgumentNullException.ThrowIfNull(request.Options);
        request.Options.Validate();
        return new DaneVerification(request).Run();
    }
}
