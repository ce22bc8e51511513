using System.Collections.Immutable;
using System.Text;
using DnsSecure.Iana;
using DnsSecure.Text;
using DnsSecure.Wire;

namespace DnsSecure.Records;

/// <summary>
/// The shared shape of SVCB and HTTPS (RFC 9460 §2.2): SvcPriority, TargetName and SvcParams.
/// Glossary: <b>AliasMode</b> is SvcPriority 0, an alias to another name (SvcParams are ignored);
/// <b>ServiceMode</b> is any other priority, an alternative endpoint with its parameters;
/// a TargetName of <c>.</c> means the owner name itself in ServiceMode (RFC 9460 §2.5).
/// On the wire the keys are strictly increasing; the TargetName is never compressed nor lowercased.
/// </summary>
public abstract class ServiceBindingRdata : Rdata
{
    private protected ServiceBindingRdata(ushort priority, DomainName targetName, IEnumerable<SvcParam> parameters)
    {
        ArgumentNullException.ThrowIfNull(targetName);
        ArgumentNullException.ThrowIfNull(parameters);
        ImmutableArray<SvcParam> sorted = [.. parameters.OrderBy(p => p?.Key ?? throw new ArgumentException("A SvcParam is null.", nameof(parameters)))];
        for (int i = 1; i < sorted.Length; i++)
        {
            // RFC 9460 §2.2: a key appears at most once.
            if (sorted[i].Key == sorted[i - 1].Key)
            {
                throw new ArgumentException($"SvcParamKey {SvcParam.KeyToText(sorted[i].Key)} appears twice.", nameof(parameters));
            }
        }

        Priority = priority;
        TargetName = targetName;
        Parameters = sorted;
    }

    /// <summary>SvcPriority: 0 for AliasMode, otherwise the ServiceMode preference (lower first).</summary>
    public ushort Priority { get; }

    /// <summary>True for AliasMode (SvcPriority 0, RFC 9460 §2.4.2).</summary>
    public bool IsAliasMode => Priority == 0;

    /// <summary>TargetName: the alias target or the alternative endpoint's name.</summary>
    public DomainName TargetName { get; }

    /// <summary>SvcParams in strictly increasing key order.</summary>
    public ImmutableArray<SvcParam> Parameters { get; }

    /// <summary>The parameter of type <typeparamref name="T"/>, or null.</summary>
    public T? GetParameter<T>() where T : SvcParam
    {
        foreach (SvcParam p in Parameters)
        {
            if (p is T typed)
            {
                return typed;
            }
        }

        return null;
    }

    /// <summary>The parameter with <paramref name="key"/>, or null.</summary>
    public SvcParam? GetParameter(SvcParamKey key)
    {
        foreach (SvcParam p in Parameters)
        {
            if (p.Key == key)
            {
                return p;
            }
        }

        return null;
    }

    internal static (ushort Priority, DomainName Target, List<SvcParam> Parameters) ReadFields(ref DnsWireReader reader)
    {
        ushort priority = reader.ReadUInt16();

        // RFC 9460 §2.2: the TargetName is an uncompressed domain name.
        DomainName target = reader.ReadName(allowCompression: false);
        var parameters = new List<SvcParam>();
        int previous = -1;
        while (reader.Remaining > 0)
        {
            int at = reader.Position;
            ushort key = reader.ReadUInt16();

            // RFC 9460 §2.2: keys strictly increasing, so no duplicates; otherwise the RR is malformed.
            if (key <= previous)
            {
                throw DnsWireReader.Error("SvcParamKeys are not in strictly increasing order", at);
            }

            previous = key;
            ushort length = reader.ReadUInt16();
            ReadOnlySpan<byte> value = reader.ReadBytes(length);
            try
            {
                parameters.Add(SvcParam.Decode((SvcParamKey)key, value));
            }
            catch (DnsFormatException e)
            {
                throw DnsWireReader.Error(e.Message, at);
            }
        }

        return (priority, target, parameters);
    }

    internal static (ushort Priority, DomainName Target, List<SvcParam> Parameters) ParseFields(RdataTextReader reader)
    {
        ushort priority = reader.ReadUInt16();
        DomainName target = reader.ReadName();
        var parameters = new List<SvcParam>();
        while (!reader.IsAtEnd)
        {
            ZoneToken t = reader.ReadToken();
            if (t.IsQuoted)
            {
                throw reader.Error("a SvcParam must start with its key", t);
            }

            // RFC 9460 §2.1: SvcParam = SvcParamKey ["=" SvcParamValue]; the value is a char-string.
            int eq = t.Text.IndexOf('=', StringComparison.Ordinal);
            string keyText = eq < 0 ? t.Text : t.Text[..eq];
            if (!SvcParam.TryParseKey(keyText, out SvcParamKey key))
            {
                throw reader.Error($"'{keyText}' is not a SvcParamKey", t);
            }

            byte[]? value = null;
            if (eq >= 0)
            {
                string raw = t.Text[(eq + 1)..];
                if (raw.Length == 0 && reader.PeekIsQuoted)
                {
                    raw = reader.ReadToken().Text;
                }

                if (!TextFormat.TryUnescape(raw, out byte[] decoded, out string? error))
                {
                    throw reader.Error(error!, t);
                }

                value = decoded;
            }

            SvcParam parameter;
            try
            {
                parameter = SvcParam.Parse(key, value, generic: keyText.StartsWith("key", StringComparison.Ordinal));
            }
            catch (DnsFormatException e)
            {
                throw reader.Error(e.Message, t);
            }

            // RFC 9460 §2.1: a key appears at most once.
            if (parameters.Exists(p => p.Key == key))
            {
                throw reader.Error($"SvcParamKey {keyText} appears twice", t);
            }

            parameters.Add(parameter);
        }

        CheckSelfConsistent(reader, parameters);
        return (priority, target, parameters);
    }

    internal override void WriteData(ref DnsWireWriter writer, RdataEncoding encoding)
    {
        writer.WriteUInt16(Priority);

        // RFC 9460 §2.2: never compressed; not in RFC 4034 §6.2's list, so never lowercased.
        WriteName(ref writer, TargetName, encoding, compressible: false, lowercaseInCanonical: false);
        foreach (SvcParam p in Parameters)
        {
            writer.WriteUInt16((ushort)p.Key);
            int lengthAt = writer.ReserveUInt16();
            int start = writer.Position;
            p.WriteValue(ref writer);
            writer.PatchUInt16(lengthAt, checked((ushort)(writer.Position - start)));
        }
    }

    internal override void WriteText(StringBuilder builder)
    {
        builder.Append(Priority).Append(' ');
        TargetName.AppendTo(builder);
        foreach (SvcParam p in Parameters)
        {
            builder.Append(' ');
            p.AppendText(builder);
        }
    }

    // RFC 9460 §8 and §7.1.1: zone-file parsers enforce self-consistency: every key listed in "mandatory" is present,
    // and "no-default-alpn" comes with "alpn".
    private static void CheckSelfConsistent(RdataTextReader reader, List<SvcParam> parameters)
    {
        foreach (SvcParam p in parameters)
        {
            if (p is MandatorySvcParam mandatory)
            {
                foreach (SvcParamKey key in mandatory.Keys)
                {
                    if (!parameters.Exists(q => q.Key == key))
                    {
                        throw reader.Error($"mandatory lists {SvcParam.KeyToText(key)}, which is missing");
                    }
                }
            }
            else if (p.Key == SvcParamKey.NoDefaultAlpn && !parameters.Exists(q => q.Key == SvcParamKey.Alpn))
            {
                throw reader.Error("no-default-alpn needs alpn");
            }
        }
    }
}
