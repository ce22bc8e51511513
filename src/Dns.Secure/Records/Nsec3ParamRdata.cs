using System.Text;
using DnsSecure.Iana;
using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>NSEC3PARAM: the parameters an authoritative server uses to compute NSEC3 hashes for the zone (RFC 5155 §4).</summary>
public sealed class Nsec3ParamRdata : Rdata
{
    /// <summary>Creates NSEC3PARAM data.</summary>
    /// <exception cref="ArgumentException">The salt is longer than 255 octets.</exception>
    public Nsec3ParamRdata(Nsec3HashAlgorithm hashAlgorithm, byte flags, ushort iterations, ReadOnlyMemory<byte> salt)
    {
        CheckSalt(salt);
        HashAlgorithm = hashAlgorithm;
        Flags = flags;
        Iterations = iterations;
        Salt = salt.ToArray();
    }

    /// <inheritdoc/>
    public override RecordType Type => RecordType.NSEC3PARAM;

    /// <summary>The hash algorithm (RFC 5155 §4.1.1).</summary>
    public Nsec3HashAlgorithm HashAlgorithm { get; }

    /// <summary>The flags field; zero in a published NSEC3PARAM (RFC 5155 §4.1.2).</summary>
    public byte Flags { get; }

    /// <summary>Additional hash iterations (RFC 5155 §4.1.3).</summary>
    public ushort Iterations { get; }

    /// <summary>The salt, possibly empty (RFC 5155 §4.1.5).</summary>
    public ReadOnlyMemory<byte> Salt { get; }

    internal static Nsec3ParamRdata Read(ref DnsWireReader reader, int length)
    {
        var algorithm = (Nsec3HashAlgorithm)reader.ReadByte();
        byte flags = reader.ReadByte();
        ushort iterations = reader.ReadUInt16();
        return new Nsec3ParamRdata(algorithm, flags, iterations, reader.ReadCharacterString().ToArray());
    }

    internal static Nsec3ParamRdata Parse(RdataTextReader reader) =>
        new((Nsec3HashAlgorithm)reader.ReadUInt8(), reader.ReadUInt8(), reader.ReadUInt16(), ReadSalt(reader));

    internal override void WriteData(ref DnsWireWriter writer, RdataEncoding encoding)
    {
        writer.WriteByte((byte)HashAlgorithm);
        writer.WriteByte(Flags);
        writer.WriteUInt16(Iterations);
        writer.WriteCharacterString(Salt.Span);
    }

    internal override void WriteText(StringBuilder builder)
    {
        builder.Append((byte)HashAlgorithm).Append(' ').Append(Flags).Append(' ').Append(Iterations).Append(' ');
        AppendSalt(builder, Salt.Span);
    }

    internal static void CheckSalt(ReadOnlyMemory<byte> salt)
    {
        if (salt.Length > byte.MaxValue)
        {
            throw new ArgumentException("An NSEC3 salt has at most 255 octets.", nameof(salt));
        }
    }

    /// <summary>Reads the salt: hex, or <c>-</c> for none (RFC 5155 §3.3, §4.3).</summary>
    internal static byte[] ReadSalt(RdataTextReader reader)
    {
        byte[] salt = reader.ReadHexToken(dashIsEmpty: true);
        return salt.Length > byte.MaxValue ? throw reader.Error("the salt is longer than 255 octets") : salt;
    }

    /// <summary>Appends the salt as hex, or <c>-</c> when it is empty.</summary>
    internal static void AppendSalt(StringBuilder builder, ReadOnlySpan<byte> salt)
    {
        if (salt.IsEmpty)
        {
            builder.Append('-');
        }
        else
        {
            TextFormat.AppendHex(builder, salt);
        }
    }
}
