using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using DnsSecure.Iana;
using DnsSecure.Records;
using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Dnssec.TrustAnchors;

/// <summary>
/// Reads trust anchors from the two formats operators use: DS or DNSKEY records in presentation format (as in Unbound's
/// <c>trust-anchor:</c> and <c>trust-anchor-file:</c>, or BIND's <c>dnssec-keygen</c> output) and IANA's
/// <c>root-anchors.xml</c> (RFC 9718 §2).
/// </summary>
public static class TrustAnchorLoader
{
    /// <summary>Reads DS and DNSKEY records in presentation format (zone-file syntax, TTL optional) and groups them by zone.</summary>
    /// <exception cref="DnsFormatException">The text is malformed or holds a record of another type.</exception>
    public static IReadOnlyList<TrustAnchor> ParsePresentation(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return FromRecords(new ZoneFileReader(text, new ZoneFileReaderOptions { DefaultTtl = 0 }).ReadRecords());
    }

    /// <summary>Turns DS and DNSKEY records (e.g. a test hierarchy's anchors) into trust anchors, grouped by zone in first-seen order.</summary>
    /// <exception cref="DnsFormatException">A record is neither DS nor DNSKEY.</exception>
    public static IReadOnlyList<TrustAnchor> FromRecords(IEnumerable<ResourceRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var byZone = new Dictionary<DomainName, TrustAnchor>();
        var order = new List<DomainName>();
        foreach (ResourceRecord rr in records)
        {
            TrustAnchor anchor = rr.Data switch
            {
                DsRdata ds => new TrustAnchor(rr.Name, ds: [ds]),
                DnskeyRdata key => new TrustAnchor(rr.Name, dnskeys: [key]),
                _ => throw new DnsFormatException($"A trust anchor is a DS or DNSKEY record, not {rr.Type.ToText()}."),
            };
            if (byZone.TryGetValue(rr.Name, out TrustAnchor? existing))
            {
                byZone[rr.Name] = existing.Merge(anchor);
            }
            else
            {
                byZone.Add(rr.Name, anchor);
                order.Add(rr.Name);
            }
        }

        return order.Select(z => byZone[z]).ToList();
    }

    /// <summary>
    /// Reads IANA's <c>root-anchors.xml</c> (RFC 9718 §2.1) and keeps the <c>KeyDigest</c> entries valid at
    /// <paramref name="now"/>: <c>validFrom</c> ≤ now and, when present, now &lt; <c>validUntil</c> (RFC 9718 §2.2).
    /// </summary>
    /// <exception cref="DnsFormatException">The document is not a well-formed trust-anchor file.</exception>
    public static TrustAnchor? ParseIanaXml(string xml, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(xml);
        XDocument document;
        try
        {
            // No DTDs and no external entities: the file may come from anywhere.
            using var stringReader = new StringReader(xml);
            using var xmlReader = XmlReader.Create(stringReader, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            document = XDocument.Load(xmlReader);
        }
        catch (XmlException e)
        {
            throw new DnsFormatException("root-anchors.xml is not well-formed XML: " + e.Message, e);
        }

        XElement root = document.Root is { Name.LocalName: "TrustAnchor" } r ? r : throw new DnsFormatException("root-anchors.xml: the root element is not <TrustAnchor>.");
        DomainName zone = DomainName.Parse(Required(root, "Zone"));
        var ds = new List<DsRdata>();
        foreach (XElement digest in root.Elements("KeyDigest"))
        {
            DateTimeOffset validFrom = ParseTime(digest.Attribute("validFrom")?.Value ?? throw new DnsFormatException("root-anchors.xml: KeyDigest without validFrom."));
            string? until = digest.Attribute("validUntil")?.Value;
            if (now < validFrom || (until is not null && now >= ParseTime(until)))
            {
                continue;
            }

            try
            {
                ds.Add(new DsRdata(
                    ushort.Parse(Required(digest, "KeyTag"), NumberStyles.None, CultureInfo.InvariantCulture),
                    (DnssecAlgorithm)byte.Parse(Required(digest, "Algorithm"), NumberStyles.None, CultureInfo.InvariantCulture),
                    (DigestType)byte.Parse(Required(digest, "DigestType"), NumberStyles.None, CultureInfo.InvariantCulture),
                    Convert.FromHexString(Required(digest, "Digest"))));
            }
            catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
            {
                throw new DnsFormatException("root-anchors.xml: bad KeyDigest: " + e.Message, e);
            }
        }

        return ds.Count == 0 ? null : new TrustAnchor(zone, ds);
    }

    private static string Required(XElement parent, string name) =>
        parent.Element(name)?.Value.Trim() ?? throw new DnsFormatException($"root-anchors.xml: <{parent.Name.LocalName}> has no <{name}>.");

    private static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset t)
            ? t
            : throw new DnsFormatException($"root-anchors.xml: bad time '{text}'.");
}
