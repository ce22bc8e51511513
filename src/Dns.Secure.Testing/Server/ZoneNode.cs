namespace DnsSecure.Testing.Server;

/// <summary>
/// One owner name of a zone: its RRsets by type and the RRSIGs by the type they cover. A node with no RRsets is an
/// empty non-terminal (RFC 5155 §1.3): it exists because names below it do.
/// </summary>
internal sealed class ZoneNode
{
    private static readonly IReadOnlyList<ResourceRecord> s_none = [];

    public ZoneNode(DomainName name) => Name = name;

    /// <summary>The owner name.</summary>
    public DomainName Name { get; }

    /// <summary>RRsets by type, in the order the records were given.</summary>
    public Dictionary<RecordType, List<ResourceRecord>> RRsets { get; } = [];

    /// <summary>RRSIG records by Type Covered (RFC 4034 §3.1.1).</summary>
    public Dictionary<RecordType, List<ResourceRecord>> Signatures { get; } = [];

    /// <summary>True for an empty non-terminal.</summary>
    public bool IsEmptyNonTerminal => RRsets.Count == 0 && Signatures.Count == 0;

    /// <summary>The RRset of a type, or an empty list.</summary>
    public IReadOnlyList<ResourceRecord> Get(RecordType type) => RRsets.TryGetValue(type, out List<ResourceRecord>? set) ? set : s_none;

    /// <summary>The RRSIGs covering a type, or an empty list.</summary>
    public IReadOnlyList<ResourceRecord> SignaturesOf(RecordType type) =>
        Signatures.TryGetValue(type, out List<ResourceRecord>? set) ? set : s_none;

    /// <summary>True when an RRset of the type exists.</summary>
    public bool Has(RecordType type) => RRsets.ContainsKey(type);
}
