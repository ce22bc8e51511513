namespace DnsSecure.Resolution;

/// <summary>
/// A stub resolver: sends questions to recursive servers and returns their answers. It does not judge DNSSEC;
/// callers that validate ask with DO (and CD) and check the records themselves.
/// </summary>
public interface IStubResolver
{
    /// <summary>Looks up one question.</summary>
    /// <param name="question">Name, type and class.</param>
    /// <param name="options">Query flags and cache use; null for <see cref="LookupOptions.Default"/>.</param>
    /// <param name="cancellationToken">Cancels the lookup; the only way this method throws, apart from caller bugs.</param>
    /// <returns>The result; failures (timeouts, unreachable servers, error codes) are statuses, not exceptions.</returns>
    ValueTask<LookupResult> LookupAsync(DnsQuestion question, LookupOptions? options = null, CancellationToken cancellationToken = default);
}
