using System.Reflection;
using DaneSockets.Matching;
using DnsSecure.Records;

namespace DaneSockets.Tests;

/// <summary>STYLE.md: dependencies point one way (Dane.Sockets → Dns.Secure); no BouncyCastle type in a public signature;
/// Dns.Secure's public API knows nothing of X509 or TLS.</summary>
public sealed class PublicApiBoundaryTests
{
    [Fact]
    public void DnsSecure_DoesNotReferenceDaneSockets()
    {
        Assembly dns = typeof(TlsaRdata).Assembly;

        Assert.DoesNotContain(dns.GetReferencedAssemblies(), a => a.Name!.StartsWith("Dane.", StringComparison.Ordinal));
        Assert.Contains(typeof(DaneMatcher).Assembly.GetReferencedAssemblies(), a => a.Name == "Dns.Secure");
    }

    [Fact]
    public void DaneSockets_PublicApi_HasNoBouncyCastleTypes() =>
        Assert.DoesNotContain(PublicSignatureTypes(typeof(DaneMatcher).Assembly), t => t.Namespace?.StartsWith("Org.BouncyCastle", StringComparison.Ordinal) == true);

    [Fact]
    public void DnsSecure_PublicApi_HasNoX509OrTlsTypes() =>
        Assert.DoesNotContain(PublicSignatureTypes(typeof(TlsaRdata).Assembly), t =>
            t.Namespace is "System.Security.Cryptography.X509Certificates" or "System.Net.Security" || t.Namespace?.StartsWith("Org.BouncyCastle", StringComparison.Ordinal) == true);

    [Fact]
    public void PublicSignatureTypes_SeesGenericArguments() =>
        Assert.Contains(PublicSignatureTypes(typeof(DaneMatcher).Assembly), t => t == typeof(System.Security.Cryptography.X509Certificates.X509Certificate2));

    private static IEnumerable<Type> PublicSignatureTypes(Assembly assembly) => DirectSignatureTypes(assembly).SelectMany(Expand);

    private static IEnumerable<Type> Expand(Type type)
    {
        yield return type;
        if (type.HasElementType)
        {
            foreach (Type inner in Expand(type.GetElementType()!))
            {
                yield return inner;
            }
        }

        if (type.IsGenericType)
        {
            foreach (Type argument in type.GetGenericArguments())
            {
                foreach (Type inner in Expand(argument))
                {
                    yield return inner;
                }
            }
        }
    }

    private static IEnumerable<Type> DirectSignatureTypes(Assembly assembly)
    {
        const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (Type type in assembly.GetExportedTypes())
        {
            if (type.BaseType is not null)
            {
                yield return type.BaseType;
            }

            foreach (Type i in type.GetInterfaces())
            {
                yield return i;
            }

            foreach (MemberInfo member in type.GetMembers(flags))
            {
                switch (member)
                {
                    case PropertyInfo p:
                        yield return p.PropertyType;
                        break;
                    case FieldInfo f:
                        yield return f.FieldType;
                        break;
                    case MethodBase m:
                        if (m is MethodInfo mi)
                        {
                            yield return mi.ReturnType;
                        }

                        foreach (ParameterInfo parameter in m.GetParameters())
                        {
                            yield return parameter.ParameterType;
                        }

                        break;
                }
            }
        }
    }
}
