using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace DaneSockets.StartTls;

/// <summary>The STARTTLS negotiators this library ships, by protocol name (case-insensitive): <c>smtp</c>, <c>imap</c>, <c>pop3</c>.</summary>
public static class StartTlsNegotiators
{
    // One line per protocol.
    private static readonly FrozenDictionary<string, IStartTlsNegotiator> s_byName = Create(
    [
        new SmtpStartTlsNegotiator(),
        new ImapStartTlsNegotiator(),
        new Pop3StartTlsNegotiator(),
    ]);

    /// <summary>The protocol names, sorted.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. s_byName.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Finds the negotiator for <paramref name="protocol"/> ("smtp", "imap", "pop3" …).</summary>
    public static bool TryGet(string protocol, [NotNullWhen(true)] out IStartTlsNegotiator? negotiator)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        return s_byName.TryGetValue(protocol, out negotiator);
    }

    private static FrozenDictionary<string, IStartTlsNegotiator> Create(IStartTlsNegotiator[] negotiators) =>
        negotiators.ToFrozenDictionary(n => n.Protocol, StringComparer.OrdinalIgnoreCase);
}
