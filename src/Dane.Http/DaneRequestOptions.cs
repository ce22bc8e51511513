using DaneSockets.Tls;

namespace DaneHttp;

/// <summary>How a DANE HttpClient tells the caller how a response's connection was authenticated.</summary>
public static class DaneRequestOptions
{
    /// <summary>The key under which the connection's result is kept in <see cref="HttpRequestMessage.Options"/>.</summary>
    internal static readonly HttpRequestOptionsKey<object> ConnectionEvidence = new("Dane.ConnectionResult");

    /// <summary>The DANE result of the connection to the response's host and port, or null.</summary>
    public static DaneConnectionResult? GetDaneResult(this HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.RequestMessage is { } request && request.Options.TryGetValue(ConnectionEvidence, out object? value)
            ? value as DaneConnectionResult
            : null;
    }
}
