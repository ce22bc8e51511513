namespace DnsSecure.Text;

/// <summary>
/// Writes records as master-file text (RFC 1035 §5) that BIND, NSD, ldns and this library's <see cref="ZoneFileReader"/> read back:
/// one record per line, absolute owner names, explicit TTL and class.
/// </summary>
public static class ZoneFileWriter
{
    /// <summary>Writes the records, one per line, optionally preceded by an <c>$ORIGIN</c> comment header.</summary>
    public static void Write(TextWriter writer, IEnumerable<ResourceRecord> records)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(records);
        foreach (ResourceRecord record in records)
        {
            writer.Write(record.ToString());
            writer.Write('\n');
        }
    }

    /// <summary>The records as master-file text.</summary>
    public static string ToText(IEnumerable<ResourceRecord> records)
    {
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        Write(writer, records);
        return writer.ToString();
    }
}
