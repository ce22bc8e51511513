using System.Globalization;
using System.Text;
using DnsSecure;
using DnsSecure.Dnssec;
using DnsSecure.Dnssec.Chain;
using DnsSecure.Resolution;

namespace DaneCli;

/// <summary>The chain of trust of a lookup as text lines (for the <c>--trace</c> tree) and as a Graphviz graph (<c>--dot</c>).</summary>
internal static class ChainGraph
{
    /// <summary>One line for a step: what was checked, its verdict, keys, algorithms and signature window.</summary>
    public static string Describe(ChainStep step)
    {
        var text = new StringBuilder();
        text.Append(KindText(step.Kind)).Append(' ').Append(step.Owner).Append(' ').Append(step.Type.ToText());
        text.Append(" [").Append(step.Status.ToString().ToLowerInvariant()).Append(']');
        if (!step.KeyTags.IsDefaultOrEmpty)
        {
            text.Append(" key ").Append(string.Join(',', step.KeyTags));
        }

        if (!step.Algorithms.IsDefaultOrEmpty)
        {
            text.Append(" alg ").Append(string.Join(',', step.Algorithms.Select(a => ((byte)a).ToString(CultureInfo.InvariantCulture) + " " + a)));
        }

        if (step.SignatureWindow is { } window)
        {
            text.Append(" valid ").Append(Timestamp(window.Inception)).Append("..").Append(Timestamp(window.Expiration));
        }

        if (step.Detail is { } detail)
        {
            text.Append(": ").Append(detail);
        }

        return text.ToString();
    }

    /// <summary>The chain as a Graphviz digraph: one cluster per zone, one node per step, edges in the order of the walk.</summary>
    public static string ToDot(ValidatedLookup lookup)
    {
        var dot = new StringBuilder();
        dot.AppendLine("digraph chain_of_trust {");
        dot.AppendLine("  rankdir=TB;");
        dot.AppendLine("  node [shape=box, fontname=\"monospace\", fontsize=10];");
        var zones = new List<DomainName>();
        foreach (ChainStep step in lookup.Chain)
        {
            if (!zones.Contains(step.Zone))
            {
                zones.Add(step.Zone);
            }
        }

        for (int z = 0; z < zones.Count; z++)
        {
            dot.Append("  subgraph cluster_").Append(z).AppendLine(" {");
            dot.Append("    label=").Append(Quote("zone " + zones[z])).AppendLine(";");
            for (int i = 0; i < lookup.Chain.Length; i++)
            {
                ChainStep step = lookup.Chain[i];
                if (step.Zone == zones[z])
                {
                    dot.Append("    s").Append(i).Append(" [label=").Append(Quote(NodeLabel(step)))
                        .Append(", color=").Append(Colour(step.Status)).AppendLine("];");
                }
            }

            dot.AppendLine("  }");
        }

        dot.Append("  answer [shape=ellipse, label=").Append(Quote($"{lookup.Question.Name} {lookup.Question.Type.ToText()}\n{lookup.Status.ToString().ToLowerInvariant()}"))
            .Append(", color=").Append(Colour(lookup.Status)).AppendLine("];");
        for (int i = 0; i + 1 < lookup.Chain.Length; i++)
        {
            dot.Append("  s").Append(i).Append(" -> s").Append(i + 1).AppendLine(";");
        }

        if (lookup.Chain.Length > 0)
        {
            dot.Append("  s").Append(lookup.Chain.Length - 1).AppendLine(" -> answer;");
        }

        dot.AppendLine("}");
        return dot.ToString();
    }

    private static string NodeLabel(ChainStep step)
    {
        var label = new StringBuilder();
        label.Append(KindText(step.Kind)).Append('\n').Append(step.Owner).Append(' ').Append(step.Type.ToText());
        if (!step.KeyTags.IsDefaultOrEmpty)
        {
            label.Append("\nkey ").Append(string.Join(',', step.KeyTags));
        }

        if (!step.Algorithms.IsDefaultOrEmpty)
        {
            label.Append("\nalg ").Append(string.Join(',', step.Algorithms.Select(a => ((byte)a).ToString(CultureInfo.InvariantCulture))));
        }

        if (step.SignatureWindow is { } window)
        {
            label.Append('\n').Append(Timestamp(window.Inception)).Append("..").Append(Timestamp(window.Expiration));
        }

        label.Append('\n').Append(step.Status.ToString().ToLowerInvariant());
        return label.ToString();
    }

    private static string KindText(ChainStepKind kind) => kind switch
    {
        ChainStepKind.TrustAnchor => "anchor",
        ChainStepKind.DelegationSigner => "DS",
        ChainStepKind.ZoneKeys => "DNSKEY",
        ChainStepKind.InsecureDelegation => "no DS (insecure delegation)",
        ChainStepKind.Rrset => "RRSIG",
        ChainStepKind.Denial => "denial",
        _ => kind.ToString(),
    };

    private static string Colour(DnssecStatus status) => status switch
    {
        DnssecStatus.Secure => "darkgreen",
        DnssecStatus.Insecure => "orange",
        DnssecStatus.Bogus => "red",
        _ => "gray",
    };

    // The RRSIG timestamp form, RFC 4034 §3.2.
    private static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

    private static string Quote(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"";
}
