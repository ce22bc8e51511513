namespace DnsSecure.Wire;

/// <summary>
/// The one exception that decoding DNS data raises: malformed wire-format messages and
/// malformed presentation (zone-file) text. Every <c>Parse</c>/<c>Decode</c> that throws it has a
/// <c>Try…</c> twin that does not.
/// </summary>
public sealed class DnsFormatException : FormatException
{
    /// <summary>Creates the exception with a message that says what was wrong.</summary>
    public DnsFormatException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public DnsFormatException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception with a generic message.</summary>
    public DnsFormatException() : base("Malformed DNS data.") { }

    /// <summary>The byte offset in the message (wire format) or the line (text) where the problem was found, or -1.</summary>
    public int Position { get; init; } = -1;
}
