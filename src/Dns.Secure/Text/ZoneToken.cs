namespace DnsSecure.Text;

/// <summary>One token of presentation text: its raw text (escapes kept), whether it was quoted, and its line.</summary>
internal readonly record struct ZoneToken(string Text, bool IsQuoted, int Line);
