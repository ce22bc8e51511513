using System.Globalization;
using DnsSecure.Records;
using DnsSecure.Wire;

namespace DnsSecure.Text;

/// <summary>
/// Reads master-file (zone-file) text (RFC 1035 §5): <c>$ORIGIN</c>, <c>$TTL</c> (RFC 2308 §4), opt-in <c>$INCLUDE</c>,
/// relative names, <c>@</c>, omitted owners, TTL and class in either order, parentheses, comments, quoted strings and
/// the RFC 3597 <c>\#</c> form. It reads what BIND's <c>dnssec-signzone</c>, <c>ldns-signzone</c> and <c>dig</c> print.
/// </summary>
public sealed class ZoneFileReader
{
    private readonly string _text;
    private readonly ZoneFileReaderOptions _options;
    private readonly int _depth;

    /// <summary>Creates a reader over zone-file text.</summary>
    public ZoneFileReader(string text, ZoneFileReaderOptions? options = null) : this(text, options ?? new ZoneFileReaderOptions(), 0) { }

    private ZoneFileReader(string text, ZoneFileReaderOptions options, int depth)
    {
        ArgumentNullException.ThrowIfNull(text);
        _text = text;
        _options = options;
        _depth = depth;
    }

    /// <summary>Reads every record of the file, in file order.</summary>
    /// <exception cref="DnsFormatException">The text is malformed; the message names the line.</exception>
    public IEnumerable<ResourceRecord> ReadRecords()
    {
        DomainName origin = _options.Origin;
        DomainName? lastOwner = null;
        uint? defaultTtl = _options.DefaultTtl;
        uint? lastTtl = null;
        bool sawDollarTtl = false;
        foreach (ZoneEntry entry in ZoneTokenizer.Tokenize(_text))
        {
            IReadOnlyList<ZoneToken> t = entry.Tokens;
            string first = t[0].Text;
            if (!entry.StartsWithBlank && first.StartsWith('$'))
            {
                switch (first.ToUpperInvariant())
                {
                    case "$ORIGIN":
                        Expect(t, 2, entry.Line);
                        origin = ParseName(t[1], origin);
                        continue;
                    case "$TTL":
                        Expect(t, 2, entry.Line);
                        defaultTtl = ParseTtl(t[1]) ?? throw Error(entry.Line, $"invalid TTL '{t[1].Text}'");
                        sawDollarTtl = true;
                        continue;
                    case "$INCLUDE":
                        foreach (ResourceRecord rr in Include(t, origin, entry.Line))
                        {
                            yield return rr;
                        }

                        continue;
                    default:
                        throw Error(entry.Line, $"unsupported directive '{first}'");
                }
            }

            int i = 0;
            DomainName owner;
            if (entry.StartsWithBlank)
            {
                owner = lastOwner ?? throw Error(entry.Line, "no owner name and no previous owner");
            }
            else
            {
                owner = ParseName(t[0], origin);
                i = 1;
            }

            uint? ttl = null;
            RecordClass? cls = null;
            RecordType type = RecordType.None;
            // [TTL] [CLASS] TYPE or [CLASS] [TTL] TYPE (RFC 1035 §5.1).
            for (; i < t.Count; i++)
            {
                string s = t[i].Text;
                if (t[i].IsQuoted)
                {
                    throw Error(entry.Line, "expected TTL, class or type");
                }

                if (ttl is null && s.Length > 0 && char.IsAsciiDigit(s[0]) && ParseTtl(t[i]) is uint parsed)
                {
                    ttl = parsed;
                    continue;
                }

                if (cls is null && RecordTypeText.TryParseClass(s, out RecordClass c) && !RecordTypeText.TryParseType(s, out _))
                {
                    cls = c;
                    continue;
                }

                if (RecordTypeText.TryParseType(s, out type))
                {
                    i++;
                    break;
                }

                throw Error(entry.Line, $"expected TTL, class or type, found '{s}'");
            }

            if (type == RecordType.None)
            {
                throw Error(entry.Line, "missing record type");
            }

            // RFC 2308 §4: $TTL sets the default; without it the last explicit TTL is used (BIND's behaviour).
            uint effectiveTtl = ttl ?? (sawDollarTtl ? defaultTtl : lastTtl ?? defaultTtl)
                ?? throw Error(entry.Line, "no TTL given and no $TTL in effect");
            if (ttl is not null)
            {
                lastTtl = ttl;
            }

            var reader = new RdataTextReader(t, i, origin, type);
            Rdata data = RdataRegistry.Parse(type, reader);
            lastOwner = owner;
            yield return new ResourceRecord(owner, cls ?? _options.DefaultClass, effectiveTtl, data);
        }
    }

    /// <summary>Reads all records of a zone file from disk.</summary>
    public static IReadOnlyList<ResourceRecord> ReadFile(string path, ZoneFileReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= new ZoneFileReaderOptions();
        options = options with { IncludeBaseDirectory = options.IncludeBaseDirectory ?? Path.GetDirectoryName(Path.GetFullPath(path)) };
        return new ZoneFileReader(File.ReadAllText(path), options).ReadRecords().ToList();
    }

    /// <summary>Parses a TTL: seconds, or BIND units (<c>1w2d3h4m5s</c>). Null when invalid.</summary>
    internal static uint? ParseTtl(ZoneToken token)
    {
        string s = token.Text;
        if (uint.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out uint plain))
        {
            return plain;
        }

        ulong total = 0, current = 0;
        bool digits = false;
        foreach (char c in s)
        {
            if (char.IsAsciiDigit(c))
            {
                current = (current * 10) + (uint)(c - '0');
                digits = true;
                if (current > uint.MaxValue)
                {
                    return null;
                }

                continue;
            }

            ulong unit = char.ToLowerInvariant(c) switch { 'w' => 604800, 'd' => 86400, 'h' => 3600, 'm' => 60, 's' => 1, _ => 0 };
            if (unit == 0 || !digits)
            {
                return null;
            }

            total += current * unit;
            current = 0;
            digits = false;
        }

        total += current;
        return total > uint.MaxValue ? null : (uint)total;
    }

    private IEnumerable<ResourceRecord> Include(IReadOnlyList<ZoneToken> t, DomainName origin, int line)
    {
        if (!_options.AllowInclude)
        {
            throw Error(line, "$INCLUDE is not allowed (ZoneFileReaderOptions.AllowInclude)");
        }

        if (_depth >= DnsLimits.MaxIncludeDepth)
        {
            throw Error(line, "$INCLUDE nested too deeply");
        }

        if (t.Count is < 2 or > 3)
        {
            throw Error(line, "$INCLUDE takes a file name and an optional origin");
        }

        string path = Path.Combine(_options.IncludeBaseDirectory ?? Directory.GetCurrentDirectory(), t[1].Text);
        DomainName includeOrigin = t.Count == 3 ? ParseName(t[2], origin) : origin;
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException e)
        {
            throw new DnsFormatException($"Line {line}: cannot read $INCLUDE file '{path}': {e.Message}", e) { Position = line };
        }

        // RFC 1035 §5.1: the included file does not change the including file's origin.
        var nested = new ZoneFileReader(text, _options with { Origin = includeOrigin, IncludeBaseDirectory = Path.GetDirectoryName(path) }, _depth + 1);
        return nested.ReadRecords();
    }

    private static DomainName ParseName(ZoneToken token, DomainName origin)
    {
        try
        {
            return DomainName.Parse(token.Text, origin);
        }
        catch (DnsFormatException e)
        {
            throw Error(token.Line, e.Message);
        }
    }

    private static void Expect(IReadOnlyList<ZoneToken> tokens, int count, int line)
    {
        if (tokens.Count != count)
        {
            throw Error(line, $"{tokens[0].Text} takes {count - 1} argument(s)");
        }
    }

    private static DnsFormatException Error(int line, string message) => new($"Line {line}: {message}.") { Position = line };
}
