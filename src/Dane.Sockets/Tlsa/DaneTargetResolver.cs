using System.Collections.Immutable;
using System.Net;
using DaneSockets.Matching;
using DaneSockets.Policy;
using DnsSecure;
using DnsSecure.Dnssec;
using DnsSecure.Records;
using DnsSecure.Resolution;

namespace DaneSockets.Tlsa;

/// <summary>
/// Looks up what DANE needs for one endpoint through the validating resolver: A and AAAA in parallel with the TLSA RRset, with
/// the CNAME rules of RFC 7671 §7 — when the host is a secure CNAME chain, TLSA is looked up at the expanded name first, then at
/// the original name. Every lookup keeps its DNSSEC verdict; a failed or timed-out TLSA lookup is Indeterminate, never "no TLSA".
/// </summary>
public sealed class DaneTargetResolver
{
    private readonly ValidatingResolver _resolver;

    /// <summary>Creates the resolver over a validating resolver.</summary>
    public DaneTargetResolver(ValidatingResolver resolver)
    {
        ArgumentNullException.ThrowIfNull(resolver);
        _resolver = resolver;
    }

    /// <summary>The validating resolver underneath.</summary>
    public ValidatingResolver Resolver => _resolver;

    /// <summary>Resolves addresses and TLSA for <paramref name="host"/>:<paramref name="port"/>.</summary>
    public async ValueTask<DaneTarget> ResolveAsync(string host, int port, DaneProfile profile = DaneProfile.Generic, string protocol = "tcp", CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        DomainName name = DomainName.Parse(host);
        ValueTask<ValidatedLookup> a = _resolver.ResolveAsync(name, RecordType.A, cancellationToken);
        ValueTask<ValidatedLookup> aaaa = _resolver.ResolveAsync(name, RecordType.AAAA, cancellationToken);
        ValueTask<ValidatedLookup> tlsaAtHost = _resolver.ResolveAsync(TlsaOwnerName.For(port, protocol, name), RecordType.TLSA, cancellationToken);
        ValidatedLookup[] addressLookups = await BothAsync(a, aaaa).ConfigureAwait(false);
        var (addresses, addressStatus, addressFailure) = Combine(addressLookups);

        // RFC 7671 §7: a secure CNAME chain makes the expanded name the first TLSA candidate.
        DomainName expanded = addressLookups[0].CanonicalName;
        ValidatedLookup? tlsaAtExpanded = null;
        if (expanded != name && addressLookups[0].Status == DnssecStatus.Secure)
        {
            tlsaAtExpanded = await _resolver.ResolveAsync(TlsaOwnerName.For(port, protocol, expanded), RecordType.TLSA, cancellationToken).ConfigureAwait(false);
        }

        ValidatedLookup tlsaOriginal = await tlsaAtHost.ConfigureAwait(false);
        ValidatedLookup chosen = tlsaOriginal;
        DomainName baseDomain = name;
        if (tlsaAtExpanded is not null && (tlsaAtExpanded.Status != DnssecStatus.Secure || tlsaAtExpanded.RecordsOf<TlsaRdata>().Any()))
        {
            // A usable or failed lookup at the expanded name decides; only a proven absence there falls back to the original name.
            chosen = tlsaAtExpanded;
            baseDomain = expanded;
        }

        TlsaLookupResult tlsa = ToTlsaResult(chosen, profile);
        var references = ImmutableArray.CreateBuilder<string>();
        references.Add(Trim(baseDomain));
        if (baseDomain != name)
        {
            references.Add(Trim(name));
        }

        return new DaneTarget
        {
            Host = name,
            Port = port,
            Protocol = protocol,
            TlsaBaseDomain = baseDomain,
            ReferenceNames = references.ToImmutable(),
            SecureExpansion = expanded != name && addressLookups[0].Status == DnssecStatus.Secure ? expanded : null,
            Tlsa = tlsa,
            TlsaFailure = chosen.Failure,
            TlsaTtl = TimeSpan.FromSeconds(chosen.Ttl),
            Addresses = addresses,
            AddressStatus = addressStatus,
            AddressFailure = addressFailure,
        };
    }

    /// <summary>Validated addresses only (for connecting), with their verdict.</summary>
    public async ValueTask<(ImmutableArray<IPAddress> Addresses, DnssecStatus Status, ValidationFailure? Failure)> ResolveAddressesAsync(string host, CancellationToken cancellationToken = default)
    {
        DomainName name = DomainName.Parse(host);
        ValidatedLookup[] lookups = await BothAsync(
            _resolver.ResolveAsync(name, RecordType.A, cancellationToken),
            _resolver.ResolveAsync(name, RecordType.AAAA, cancellationToken)).ConfigureAwait(false);
        return Combine(lookups);
    }

    /// <summary>Both lookups' results; answers from the cache (already complete) cost no task and no continuation.</summary>
    private static ValueTask<ValidatedLookup[]> BothAsync(ValueTask<ValidatedLookup> first, ValueTask<ValidatedLookup> second)
    {
        if (first.IsCompletedSuccessfully && second.IsCompletedSuccessfully)
        {
            return new ValueTask<ValidatedLookup[]>([first.Result, second.Result]);
        }

        return new ValueTask<ValidatedLookup[]>(Task.WhenAll(first.AsTask(), second.AsTask()));
    }

    /// <summary>Maps a validated TLSA lookup to the policy's outcome.</summary>
    internal static TlsaLookupResult ToTlsaResult(ValidatedLookup lookup, DaneProfile profile) => lookup.Status switch
    {
        DnssecStatus.Secure when lookup.ResponseCode is ResponseCode.NoError or ResponseCode.NXDomain =>
            TlsaLookupResult.FromSecureAnswer([.. lookup.RecordsOf<TlsaRdata>()], profile),
        DnssecStatus.Insecure => new TlsaLookupResult(TlsaLookupOutcome.Insecure, []),
        DnssecStatus.Bogus => new TlsaLookupResult(TlsaLookupOutcome.Bogus, []),
        _ => new TlsaLookupResult(TlsaLookupOutcome.Indeterminate, []),
    };

    private static (ImmutableArray<IPAddress>, DnssecStatus, ValidationFailure?) Combine(ValidatedLookup[] lookups)
    {
        var addresses = ImmutableArray.CreateBuilder<IPAddress>();
        DnssecStatus status = DnssecStatus.Secure;
        ValidationFailure? failure = null;
        foreach (ValidatedLookup lookup in lookups)
        {
            addresses.AddRange(lookup.RecordsOf<ARdata>().Select(r => r.Address));
            addresses.AddRange(lookup.RecordsOf<AaaaRdata>().Select(r => r.Address));
            if (Rank(lookup.Status) > Rank(status))
            {
                status = lookup.Status;
                failure = lookup.Failure;
            }
        }

        return (addresses.ToImmutable(), status, failure);
    }

    private static int Rank(DnssecStatus status) => status switch
    {
        DnssecStatus.Secure => 0,
        DnssecStatus.Insecure => 1,
        DnssecStatus.Indeterminate => 2,
        _ => 3,
    };

    private static string Trim(DomainName name) => name.ToString().TrimEnd('.');
}
