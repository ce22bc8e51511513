using DnsSecure.Dnssec.Chain;
using DnsSecure.Dnssec.Signatures;
using DnsSecure.Dnssec.TrustAnchors;
using DnsSecure.Resolution;

namespace DnsSecure.Dnssec;

/// <summary>
/// A validating stub: asks an upstream recursive resolver (with DO and CD set) and validates the answer itself, walking
/// the chain of trust from the closest trust anchor with DS and DNSKEY queries to the same upstream (RFC 4035 §4.9,
/// §5). Every verdict is a value: the response comes back wrapped in <see cref="Validated{T}"/>.
/// </summary>
public sealed class Validator
{
    private readonly IStubResolver _upstream;
    private readonly TrustAnchorStore _anchors;
    private readonly ValidatorOptions _options;
    private readonly RrsetVerifier _verifier;

    /// <summary>Creates a validator over <paramref name="upstream"/> with <paramref name="anchors"/> (default: the IANA root).</summary>
    public Validator(IStubResolver upstream, TrustAnchorStore? anchors = null, ValidatorOptions? options = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(upstream);
        _upstream = upstream;
        _anchors = anchors ?? TrustAnchorStore.Default;
        _options = (options ?? ValidatorOptions.Default).Validate();
        _verifier = new RrsetVerifier(_options, timeProvider);
    }

    /// <summary>The trust anchors in use.</summary>
    public TrustAnchorStore TrustAnchors => _anchors;

    /// <summary>Looks up <paramref name="question"/> and validates the response.</summary>
    /// <returns>The response with its verdict; Bogus responses carry the data only for diagnostics. Null value when the
    /// upstream gave no response.</returns>
    public async ValueTask<Validated<DnsMessage>> ValidateAsync(DnsQuestion question, CancellationToken cancellationToken = default)
    {
        var session = new ValidationSession(_upstream, _anchors, _options, _verifier);
        return await session.ValidateAsync(question, cancellationToken).ConfigureAwait(false);
    }
}
