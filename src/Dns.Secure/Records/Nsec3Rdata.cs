using System.Text;
using DnsSecure.Iana;
using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>
/// NSEC3: the next hashed owner name in hash order and the types at this owner (RFC 5155 §3). The owner name's first
/// label is the base32hex hash of the original name; the next hashed owner name is the raw hash.
/// </summary>
public sealed class Nsec3Rdata : Rdata
{
    /// <summary>Flags bit 7 (the least significant bit), Opt-Out (RFC 5155 §3.1.2.1).</summary>
    internal const byte OptOutFlag = 0x01;

    /// <summary>Creates NSEC3 data.</summary>
    /// <exception cref="ArgumentException">The salt is longer than 255 octets, or the hash is empty or longer than 255 octets.</exception>
    public Nsec3Rdata(Nsec3HashAlgorithm hashAlgorithm, byte flags, ushort iterations, ReadOnlyMemory<byte> salt, ReadOnlyMemory<byte> nextHashedOwnerName, TypeBitmap types)
    {
        ArgumentNullException.ThrowIfNull(types);
        Nsec3ParamRdata.CheckSalt(salt);
        if (nextHashedOwnerName.Length is 0 or > byte.MaxValue)
        {
            throw new ArgumentException("The next hashed owner name must have 1 to 255 octets.", nameof(nextHashedOwnerName));
        }

        HashAlgorithm = hashAlgorithm;
        Flags = flags;
        Iterations = iterations;
        Salt = salt.ToArray();
        NextHashedOwnerName = nextHashedOwnerName.ToArray();
        Types = types;
    }

    /// <inheritdoc/>
    public override RecordType Type => RecordType.NSEC3;

    /// <summary>The hash algorithm (RFC 5155 §3.1.1).</summary>
    public Nsec3HashAlgorithm HashAlgorithm { get; }

    /// <summary>The flags field (RFC 5155 §3.1.2).</summary>
    public byte Flags { get; }

    /// <summary>Opt-Out: this NSEC3 may cover unsigned delegations (RFC 5155 §3.1.2.1, §6).</summary>
    public bool OptOut => (Flags & OptOutFlag) != 0;

    /// <summary>Additional hash iterations (RFC 5155 §3.1.3).</summary>
    public ushort Iterations { get; }

    /// <summary>The salt, possibly empty (RFC 5155 §3.1.5).</summary>
    public ReadOnlyMemory<byte> Salt { get; }

    /// <summary>The next hashed owner name in hash order, as raw hash octets (RFC 5155 §3.1.7).</summary>
    public ReadOnlyMemory<byte> NextHashedOwnerName { get; }

    /// <summary>The types present at the original owner name (RFC 5155 §3.1.8).</summary>
    public TypeBitmap Types { get; }

    internal static Nsec3Rdata Read(ref DnsWireReader reader, int length)
    {
        var algorithm = (Nsec3HashAlgorithm)reader.ReadByte();
        byte flags = reader.ReadByte();
        ushort iterations = reader.ReadUInt16();
        byte[] salt = reader.ReadCharacterString().ToArray();
        int at = reader.Position;
        byte[] next = reader.ReadCharacterString().ToArray();
        if (next.Length == 0)
        {
            throw DnsWireReader.Error("NSEC3 next hashed owner name is empty", at);
        }

        return new Nsec3Rdata(algorithm, flags, iterations, salt, next, TypeBitmap.Read(ref reader));
    }

    internal static Nsec3Rdata Parse(RdataTextReader reader)
    {
        var algorithm = (Nsec3HashAlgorithm)reader.ReadUInt8();
        byte flags = reader.ReadUInt8();
        ushort iterations = reader.ReadUInt16();
        byte[] salt = Nsec3ParamRdata.ReadSalt(reader);
        // RFC 5155 §3.3: base32hex without padding (RFC 4648 §7), not the base32 alphabet.
        ZoneToken token = reader.ReadToken();
        if (!TextFormat.TryFromBase32Hex(token.Text, out byte[] next) || token.Text.Contains('=', StringComparison.Ordinal))
        {
            throw reader.Error($"'{token.Text}' is not base32hex", token);
        }

        if (next.Length is 0 or > byte.MaxValue)
        {
            throw reader.Error("the next hashed owner name must have 1 to 255 octets", token);
        }

        return new Nsec3Rdata(algorithm, flags, iterations, salt, next, TypeBitmap.Parse(reader));
    }

    internal override void WriteData(ref DnsWireWriter writer, RdataEncoding encoding)
    {
        writer.WriteByte((byte)HashAlgorithm);
        writer.WriteByte(Flags);
        writer.WriteUInt16(Iterations);
        writer.WriteCharacterString(Salt.Span);
        writer.WriteCharacterString(NextHashedOwnerName.Span);
        writer.WriteBytes(Types.WireForm);
    }

    internal override void WriteText(StringBuilder builder)
    {
        builder.Append((byte)HashAlgorithm).Append(' ').Append(Flags).Append(' ').Append(Iterations).Append(' ');
        Nsec3ParamRdata.AppendSalt(builder, Salt.Span);
        builder.Append(' ').Append(TextFormat.ToBase32Hex(NextHashedOwnerName.Span));
        if (!Types.IsEmpty)
        {
            builder.Append(' ');
            Types.AppendTo(builder);
        }
    }
}
