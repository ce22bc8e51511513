using System.Collections.Frozen;
using DnsSecure.Wire;

namespace DnsSecure.Edns;

/// <summary>Reads the option data of one code; the reader's limit is the end of the option.</summary>
internal delegate EdnsOption EdnsOptionDecoder(ref DnsWireReader reader, int length);

/// <summary>The table of typed EDNS options; registering one is one line.</summary>
internal static class EdnsOptionRegistry
{
    private static readonly FrozenDictionary<EdnsOptionCode, EdnsOptionDecoder> s_options =
        new Dictionary<EdnsOptionCode, EdnsOptionDecoder>
        {
            [EdnsOptionCode.Nsid] = NsidOption.Read,
            [EdnsOptionCode.ClientSubnet] = ClientSubnetOption.Read,
            [EdnsOptionCode.Cookie] = CookieOption.Read,
            [EdnsOptionCode.Padding] = PaddingOption.Read,
            [EdnsOptionCode.ExtendedDnsError] = ExtendedDnsError.Read,
        }.ToFrozenDictionary();

    public static EdnsOption Decode(EdnsOptionCode code, ref DnsWireReader reader, int length)
    {
        int oldEnd = reader.PushLimit(length);
        EdnsOption option = s_options.TryGetValue(code, out EdnsOptionDecoder? decode)
            ? decode(ref reader, length)
            : new UnknownEdnsOption(code, reader.ReadRemaining().ToArray());
        if (reader.Remaining != 0)
        {
            throw DnsWireReader.Error($"EDNS option {(ushort)code} has trailing octets", reader.Position);
        }

        reader.PopLimit(oldEnd);
        return option;
    }
}
