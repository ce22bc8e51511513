using DnsSecure;
using DnsSecure.Testing.Hierarchy;

namespace DaneCli.Tests.Support;

/// <summary>The command-line arguments that point the tool at a <see cref="TestHierarchy"/>.</summary>
internal static class HierarchyFiles
{
    public static string[] ResolverArgs(TestHierarchy hierarchy, TempDirectory dir)
    {
        string anchor = dir.Write("anchor.txt", string.Join('\n', hierarchy.TrustAnchors.Select(r => r.ToString())) + "\n");
        return ["--server", hierarchy.EndPoint.ToString(), "--anchor", anchor];
    }
}
