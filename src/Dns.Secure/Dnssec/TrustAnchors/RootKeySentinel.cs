using System.Collections.Immutable;
using DnsSecure.Records;

namespace DnsSecure.Dnssec.TrustAnchors;

/// <summary>
/// RFC 8509 (root key trust anchor sentinel): a Secure A/AAAA answer for a name whose leftmost label is
/// <c>root-key-sentinel-is-ta-NNNNN</c> or <c>root-key-sentinel-not-ta-NNNNN</c> is turned into SERVFAIL when the key tag
/// NNNNN is not (is-ta) or is (not-ta) one of the resolver's trust anchors for the root, so that a client can learn which
/// root keys its resolver trusts.
/// </summary>
internal static class RootKeySentinel
{
    private const string IsTa = "root-key-sentinel-is-ta-";
    private const string NotTa = "root-key-sentinel-not-ta-";
    private const int KeyTagDigits = 5;

    /// <summary>
    /// RFC 8509 §3.2: null when the lookup is unaffected; otherwise the failure that replaces a Secure answer.
    /// </summary>
    public static ValidationFailure? Check(DnsQuestion question, DnssecStatus status, TrustAnchorStore anchors)
    {
        // RFC 8509 §3.2: only A and AAAA queries, only validated (Secure) answers.
        if (question.Type is not (RecordType.A or RecordType.AAAA) || status != DnssecStatus.Secure || question.Name.IsRoot
            || !TryParse(question.Name.GetLabel(0), out bool isTa, out ushort keyTag))
        {
            return null;
        }

        bool trusted = RootKeyTags(anchors).Contains(keyTag);
        if (trusted == isTa)
        {
            return null;
        }

        return ValidationFailure.Create(ValidationFailureKind.Other, question.Name, question.Type,
            $"RFC 8509 sentinel: key tag {keyTag} is {(trusted ? "" : "not ")}a root trust anchor of this resolver");
    }

    /// <summary>RFC 8509 §2: the label is the prefix followed by exactly five decimal digits (the key tag, zero-padded).</summary>
    internal static bool TryParse(ReadOnlySpan<byte> label, out bool isTa, out ushort keyTag)
    {
        isTa = false;
        keyTag = 0;
        int prefix;
        if (StartsWith(label, IsTa))
        {
            isTa = true;
            prefix = IsTa.Length;
        }
        else if (StartsWith(label, NotTa))
        {
            prefix = NotTa.Length;
        }
        else
        {
            return false;
        }

        if (label.Length != prefix + KeyTagDigits)
        {
            return false;
        }

        int value = 0;
        foreach (byte digit in label[prefix..])
        {
            if (digit is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            value = (value * 10) + (digit - '0');
        }

        if (value > ushort.MaxValue)
        {
            return false;
        }

        keyTag = (ushort)value;
        return true;
    }

    /// <summary>The key tags of the root's trust anchors: DS records and (not revoked) DNSKEYs.</summary>
    internal static ImmutableHashSet<ushort> RootKeyTags(TrustAnchorStore anchors)
    {
        TrustAnchor? root = anchors.Get(DomainName.Root);
        return root is null ? [] : [.. root.Ds.Select(d => d.KeyTag), .. root.Dnskeys.Where(k => !k.IsRevoked).Select(k => k.KeyTag)];
    }

    private static bool StartsWith(ReadOnlySpan<byte> label, string prefix)
    {
        if (label.Length < prefix.Length)
        {
            return false;
        }

        for (int i = 0; i < prefix.Length; i++)
        {
            // Labels compare case-insensitively (RFC 4343).
            byte b = label[i];
            if ((b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b | 0x20) : b) != prefix[i])
            {
                return false;
            }
        }

        return true;
    }
}
