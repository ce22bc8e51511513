using System.Diagnostics.CodeAnalysis;

namespace DaneCli;

/// <summary>The STARTTLS protocols <c>dane verify --starttls</c> knows, by name.</summary>
internal static class StartTlsProtocols
{
    private static readonly Dictionary<string, Func<Stream, string, CancellationToken, Task<string?>>> s_negotiators = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The protocol names.</summary>
    public static IEnumerable<string> Names => s_negotiators.Keys.Order(StringComparer.Ordinal);

    /// <summary>The negotiation for <paramref name="name"/>: returns null when the stream is ready for TLS, else the refusal.</summary>
    public static bool TryGet(string name, [NotNullWhen(true)] out Func<Stream, string, CancellationToken, Task<string?>>? negotiate) =>
        s_negotiators.TryGetValue(name, out negotiate);
}
