namespace DaneHttp.Http;

/// <summary>The data that authenticates one endpoint (host and port) and how long it may be relied on.</summary>
/// <param name="Host">The host name of the endpoint.</param>
/// <param name="Port">The port of the endpoint.</param>
/// <param name="ValidUntil">When the data expires (TLSA TTL); connections authenticated by it end then.</param>
/// <param name="Data">The authenticator's own data (the TLSA lookup result).</param>
internal sealed record EndpointTrust(string Host, int Port, DateTimeOffset ValidUntil, object Data);
