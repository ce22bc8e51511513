using System.Text;
using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>HINFO: host information, CPU and operating system (RFC 1035 §3.3.2; RFC 8482 §4.2 reuses it for ANY answers).</summary>
public sealed class HinfoRdata : Rdata
{
    /// <summary>Creates HINFO data.</summary>
    /// <exception cref="ArgumentException">A field is longer than 255 octets.</exception>
    public HinfoRdata(ReadOnlyMemory<byte> cpu, ReadOnlyMemory<byte> os)
    {
        // RFC 1035 §3.3: a character-string holds at most 255 octets.
        if (cpu.Length > DnsLimits.MaxCharacterStringLength || os.Length > DnsLimits.MaxCharacterStringLength)
        {
            throw new ArgumentException("A character-string holds at most 255 octets.");
        }

        Cpu = cpu.ToArray();
        Os = os.ToArray();
    }

    /// <summary>Creates HINFO data from text, encoded as UTF-8.</summary>
    /// <exception cref="ArgumentException">A field is longer than 255 octets.</exception>
    public HinfoRdata(string cpu, string os)
        : this(Encoding.UTF8.GetBytes(cpu ?? throw new ArgumentNullException(nameof(cpu))), Encoding.UTF8.GetBytes(os ?? throw new ArgumentNullException(nameof(os))))
    {
    }

    /// <inheritdoc/>
    public override RecordType Type => RecordType.HINFO;

    /// <summary>CPU: the host's processor type.</summary>
    public ReadOnlyMemory<byte> Cpu { get; }

    /// <summary>OS: the host's operating system.</summary>
    public ReadOnlyMemory<byte> Os { get; }

    internal static HinfoRdata Read(ref DnsWireReader reader, int length) =>
        new(reader.ReadCharacterString().ToArray(), reader.ReadCharacterString().ToArray());

    internal static HinfoRdata Parse(RdataTextReader reader) => new(reader.ReadCharacterString(), reader.ReadCharacterString());

    internal override void WriteData(ref DnsWireWriter writer, RdataEncoding encoding)
    {
        writer.WriteCharacterString(Cpu.Span);
        writer.WriteCharacterString(Os.Span);
    }

    internal override void WriteText(StringBuilder builder)
    {
        TextFormat.AppendCharacterString(builder, Cpu.Span);
        builder.Append(' ');
        TextFormat.AppendCharacterString(builder, Os.Span);
    }
}
