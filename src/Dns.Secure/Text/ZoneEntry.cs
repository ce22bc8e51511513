namespace DnsSecure.Text;

/// <summary>One logical entry of a zone file (a record or a directive) after comments and parentheses are resolved.</summary>
/// <param name="Tokens">The tokens of the entry.</param>
/// <param name="StartsWithBlank">True when the line began with white space, so the owner is the previous one (RFC 1035 §5.1).</param>
/// <param name="Line">The line the entry starts on (1-based).</param>
internal readonly record struct ZoneEntry(IReadOnlyList<ZoneToken> Tokens, bool StartsWithBlank, int Line);
