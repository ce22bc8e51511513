namespace DnsSecure.Resolution;

/// <summary>Where the messages behind a <see cref="ValidatedLookup"/> came from.</summary>
public enum ResolutionSource
{
    /// <summary>The resolver's own data source: in stub mode, the configured recursive servers.</summary>
    Stub = 0,

    /// <summary>Iteration from the root hints (a resolver made with <see cref="ValidatingResolver.CreateRecursive"/>, or
    /// over an <see cref="Recursion.IterativeDataSource"/>).</summary>
    Recursive,

    /// <summary>Iteration from the root because the stub upstream could not deliver DNSSEC records (stripped RRSIGs, no
    /// EDNS) and <see cref="ValidatingResolverOptions.AllowRecursiveFallback"/> is set.</summary>
    RecursiveFallback,
}
