using System.Reflection;

namespace DnsSecure.Tests.Dnssec.Algorithms;

/// <summary>BouncyCastle is an implementation detail of the EdDSA algorithms: no public or protected signature of
/// Dns.Secure may mention one of its types (STYLE.md, "Dependencies").</summary>
public sealed class PublicSurfaceTests
{
    [Fact]
    public void DnsSecure_PublicSignatures_MentionNoBouncyCastleType()
    {
        Assembly assembly = typeof(DomainName).Assembly;

        List<string> leaks = FindBouncyCastleLeaks(assembly).ToList();

        Assert.True(leaks.Count == 0, string.Join('\n', leaks));
        Assert.Contains(assembly.GetReferencedAssemblies(), a => a.Name == "BouncyCastle.Crypto");
    }

    internal static IEnumerable<string> FindBouncyCastleLeaks(Assembly assembly)
    {
        const BindingFlags visible = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (Type type in assembly.GetExportedTypes())
        {
            foreach (Type? related in new[] { type.BaseType }.Concat(type.GetInterfaces()))
            {
                if (IsBouncyCastle(related))
                {
                    yield return $"{type}: derives from {related}";
                }
            }

            foreach (MemberInfo member in type.GetMembers(visible))
            {
                bool exposed = member switch
                {
                    MethodBase m => m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly,
                    FieldInfo f => f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly,
                    PropertyInfo p => p.GetAccessors(nonPublic: true).Any(a => a.IsPublic || a.IsFamily || a.IsFamilyOrAssembly),
                    EventInfo e => e.AddMethod is { } add && (add.IsPublic || add.IsFamily),
                    _ => false,
                };
                if (!exposed)
                {
                    continue;
                }

                IEnumerable<Type?> mentioned = member switch
                {
                    MethodInfo m => m.GetParameters().Select(p => (Type?)p.ParameterType).Append(m.ReturnType),
                    ConstructorInfo c => c.GetParameters().Select(p => (Type?)p.ParameterType),
                    FieldInfo f => new Type?[] { f.FieldType },
                    PropertyInfo p => new Type?[] { p.PropertyType },
                    EventInfo e => new Type?[] { e.EventHandlerType },
                    _ => Array.Empty<Type?>(),
                };
                foreach (Type? t in mentioned)
                {
                    if (IsBouncyCastle(t))
                    {
                        yield return $"{type}.{member.Name}: mentions {t}";
                    }
                }
            }
        }
    }

    private static bool IsBouncyCastle(Type? type)
    {
        if (type is null)
        {
            return false;
        }

        if (type.HasElementType)
        {
            return IsBouncyCastle(type.GetElementType());
        }

        return (type.Namespace?.StartsWith("Org.BouncyCastle", StringComparison.Ordinal) ?? false)
            || (type.IsGenericType && type.GetGenericArguments().Any(IsBouncyCastle));
    }
}
