using System.Diagnostics.CodeAnalysis;

namespace DnsSecure.Dnssec.Chain;

/// <summary>A response from an <see cref="IDnssecDataSource"/>: the message, or why there is none.</summary>
public sealed record DataSourceResponse
{
    private DataSourceResponse(DnsMessage? message, string? failure)
    {
        Message = message;
        Failure = failure;
    }

    /// <summary>The response message, or null when the source failed.</summary>
    public DnsMessage? Message { get; }

    /// <summary>Why there is no message (timeout, all servers failed, no EDNS), or null.</summary>
    public string? Failure { get; }

    /// <summary>True when a message was received.</summary>
    [MemberNotNullWhen(true, nameof(Message))]
    public bool HasMessage => Message is not null;

    /// <summary>A received message.</summary>
    public static DataSourceResponse FromMessage(DnsMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new(message, null);
    }

    /// <summary>No message, with the reason.</summary>
    public static DataSourceResponse Failed(string reason) => new(null, reason);
}
