using System.Collections.Frozen;
using System.Globalization;

namespace DnsSecure;

/// <summary>Text forms of <see cref="RecordType"/> and <see cref="RecordClass"/> (mnemonics and RFC 3597 generic forms).</summary>
public static class RecordTypeText
{
    private static readonly FrozenDictionary<string, RecordType> s_typesByName = BuildTypes();
    private static readonly string[] s_typeNames = BuildTypeNames();

    /// <summary>The mnemonic (<c>TLSA</c>) or the generic form (<c>TYPE65534</c>).</summary>
    public static string ToText(this RecordType type)
    {
        string? name = (ushort)type < s_typeNames.Length ? s_typeNames[(ushort)type] : type switch
        {
            RecordType.DLV => "DLV",
            _ => null,
        };
        return name ?? "TYPE" + ((ushort)type).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Parses a mnemonic or <c>TYPE</c><i>n</i>, case-insensitively.</summary>
    public static bool TryParseType(ReadOnlySpan<char> text, out RecordType type)
    {
        var lookup = s_typesByName.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(text, out type))
        {
            return true;
        }

        if (text.Length > 4 && text[..4].Equals("TYPE", StringComparison.OrdinalIgnoreCase)
            && ushort.TryParse(text[4..], NumberStyles.None, CultureInfo.InvariantCulture, out ushort value))
        {
            type = (RecordType)value;
            return true;
        }

        type = RecordType.None;
        return false;
    }

    /// <summary>The mnemonic (<c>IN</c>) or the generic form (<c>CLASS32</c>).</summary>
    public static string ToText(this RecordClass recordClass) => recordClass switch
    {
        RecordClass.IN => "IN",
        RecordClass.CH => "CH",
        RecordClass.HS => "HS",
        RecordClass.None => "NONE",
        RecordClass.Any => "ANY",
        _ => "CLASS" + ((ushort)recordClass).ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Parses a class mnemonic or <c>CLASS</c><i>n</i>, case-insensitively.</summary>
    public static bool TryParseClass(ReadOnlySpan<char> text, out RecordClass recordClass)
    {
        if (text.Equals("IN", StringComparison.OrdinalIgnoreCase)) { recordClass = RecordClass.IN; return true; }
        if (text.Equals("CH", StringComparison.OrdinalIgnoreCase) || text.Equals("CHAOS", StringComparison.OrdinalIgnoreCase)) { recordClass = RecordClass.CH; return true; }
        if (text.Equals("HS", StringComparison.OrdinalIgnoreCase)) { recordClass = RecordClass.HS; return true; }
        if (text.Equals("NONE", StringComparison.OrdinalIgnoreCase)) { recordClass = RecordClass.None; return true; }
        if (text.Equals("ANY", StringComparison.OrdinalIgnoreCase)) { recordClass = RecordClass.Any; return true; }
        if (text.Length > 5 && text[..5].Equals("CLASS", StringComparison.OrdinalIgnoreCase)
            && ushort.TryParse(text[5..], NumberStyles.None, CultureInfo.InvariantCulture, out ushort value))
        {
            recordClass = (RecordClass)value;
            return true;
        }

        recordClass = default;
        return false;
    }

    private static FrozenDictionary<string, RecordType> BuildTypes()
    {
        var d = new Dictionary<string, RecordType>(StringComparer.OrdinalIgnoreCase);
        foreach (RecordType t in Enum.GetValues<RecordType>())
        {
            if (t == RecordType.None)
            {
                continue;
            }

            d[t == RecordType.NSAPPTR ? "NSAP-PTR" : t.ToString()] = t;
        }

        d["NSAPPTR"] = RecordType.NSAPPTR;
        return d.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    private static string[] BuildTypeNames()
    {
        string[] names = new string[258];
        foreach (RecordType t in Enum.GetValues<RecordType>())
        {
            if ((ushort)t < names.Length && t != RecordType.None)
            {
                names[(ushort)t] = t == RecordType.NSAPPTR ? "NSAP-PTR" : t.ToString();
            }
        }

        return names;
    }
}
