namespace DaneHttp;

/// <summary>Keys under which a DANE HttpClient records, in <see cref="HttpRequestMessage.Options"/>, how the response's connection was authenticated.</summary>
public static class DaneRequestOptions
{
    /// <summary>The verification result of the connection to the request's host and port.</summary>
    public static readonly HttpRequestOptionsKey<object> ConnectionEvidence = new("Dane.ConnectionEvidence");
}
