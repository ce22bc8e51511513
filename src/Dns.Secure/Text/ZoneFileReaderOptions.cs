namespace DnsSecure.Text;

/// <summary>Settings for <see cref="ZoneFileReader"/>.</summary>
public sealed record ZoneFileReaderOptions
{
    /// <summary>The initial origin (<c>$ORIGIN</c>); relative names are completed with it. Default: the root.</summary>
    public DomainName Origin { get; init; } = DomainName.Root;

    /// <summary>TTL for records that give none before any <c>$TTL</c> or earlier TTL; null makes that an error.</summary>
    public uint? DefaultTtl { get; init; }

    /// <summary>Class for records that give none. Default IN.</summary>
    public RecordClass DefaultClass { get; init; } = RecordClass.IN;

    /// <summary>Allow <c>$INCLUDE</c> (off by default: a zone file should not read arbitrary files).</summary>
    public bool AllowInclude { get; init; }

    /// <summary>Directory relative <c>$INCLUDE</c> paths are resolved against; default: the current directory.</summary>
    public string? IncludeBaseDirectory { get; init; }
}
