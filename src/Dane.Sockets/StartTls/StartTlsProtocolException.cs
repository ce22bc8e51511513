namespace DaneSockets.StartTls;

/// <summary>
/// A server broke the protocol during a plaintext prelude. Internal control flow only: every negotiator catches it and returns a
/// <see cref="StartTlsOutcome"/> that says why.
/// </summary>
internal sealed class StartTlsProtocolException : Exception
{
    public StartTlsProtocolException(string message) : base(message) { }

    public StartTlsProtocolException() { }

    public StartTlsProtocolException(string message, Exception innerException) : base(message, innerException) { }
}
