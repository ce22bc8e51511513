using System.Globalization;
using System.Text;
using DnsSecure.Wire;

namespace DnsSecure.Edns;

/// <summary>The Name Server Identifier option (RFC 5001 §2.3): empty in a query, opaque octets in a response.</summary>
public sealed class NsidOption : EdnsOption
{
    /// <summary>Creates the option; empty data asks the server for its identifier.</summary>
    public NsidOption(ReadOnlyMemory<byte> data = default) => Data = data.ToArray();

    /// <summary>Creates the option with a text identifier, encoded as UTF-8.</summary>
    public NsidOption(string identifier) => Data = Encoding.UTF8.GetBytes(identifier ?? throw new ArgumentNullException(nameof(identifier)));

    /// <inheritdoc/>
    public override EdnsOptionCode Code => EdnsOptionCode.Nsid;

    /// <summary>The identifier octets (RFC 5001 §2.3: opaque); empty in a query.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>dig-like text: <c>NSID: 6e 73 31 ("ns1")</c>, hex octets then the printable characters (others as <c>.</c>).</summary>
    public override string ToString()
    {
        var sb = new StringBuilder("NSID:");
        ReadOnlySpan<byte> data = Data.Span;
        foreach (byte b in data)
        {
            sb.Append(' ').Append(b.ToString("x2", CultureInfo.InvariantCulture));
        }

        if (data.Length > 0)
        {
            sb.Append(" (\"");
            foreach (byte b in data)
            {
                sb.Append(b is >= 0x20 and < 0x7F ? (char)b : '.');
            }

            sb.Append("\")");
        }

        return sb.ToString();
    }

    internal static NsidOption Read(ref DnsWireReader reader, int length) => new(reader.ReadRemaining().ToArray());

    internal override void WriteData(ref DnsWireWriter writer) => writer.WriteBytes(Data.Span);
}
