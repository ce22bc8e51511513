using System.Collections.Immutable;
using System.Text;
using DnsSecure.Edns;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>
/// OPT RDATA: the list of EDNS options (RFC 6891 §6.1.2). Messages expose EDNS as <see cref="EdnsRecord"/>;
/// this type exists so an OPT record can still be carried and printed as a record.
/// </summary>
public sealed class OptRdata : Rdata
{
    private static readonly OptRdata s_noOptions = new([]);

    /// <summary>Creates OPT data.</summary>
    public OptRdata(ImmutableArray<EdnsOption> options) => Options = options.IsDefault ? [] : options;

    /// <inheritdoc/>
    public override RecordType Type => RecordType.OPT;

    /// <summary>The options, in wire order.</summary>
    public ImmutableArray<EdnsOption> Options { get; }

    internal static OptRdata Read(ref DnsWireReader reader, int length)
    {
        if (reader.Remaining == 0)
        {
            return s_noOptions; // most responses carry no option: no builder, no array, no new rdata
        }

        var builder = ImmutableArray.CreateBuilder<EdnsOption>();
        while (reader.Remaining > 0)
        {
            var code = (EdnsOptionCode)reader.ReadUInt16();
            ushort optionLength = reader.ReadUInt16();
            builder.Add(EdnsOptionRegistry.Decode(code, ref reader, optionLength));
        }

        return new OptRdata(builder.ToImmutable());
    }

    internal override void WriteData(ref DnsWireWriter writer, RdataEncoding encoding)
    {
        foreach (EdnsOption option in Options)
        {
            writer.WriteUInt16((ushort)option.Code);
            int lengthAt = writer.ReserveUInt16();
            int start = writer.Position;
            option.WriteData(ref writer);
            writer.PatchUInt16(lengthAt, checked((ushort)(writer.Position - start)));
        }
    }

    internal override void WriteText(StringBuilder builder)
    {
        for (int i = 0; i < Options.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(' ');
            }

            builder.Append(Options[i]);
        }
    }
}
