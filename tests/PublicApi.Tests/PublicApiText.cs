using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace PublicApi.Tests;

/// <summary>
/// The public surface of an assembly as sorted text, one line per type and member, so that a change to it shows up as a
/// diff in review: types with their base and interfaces, then their public and protected constructors, methods, properties,
/// fields and events with full signatures.
/// </summary>
internal static class PublicApiText
{
    public static string Describe(Assembly assembly)
    {
        var text = new StringBuilder();
        foreach (Type type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            text.AppendLine(TypeHeader(type));
            foreach (string member in Members(type).Order(StringComparer.Ordinal))
            {
                text.Append("  ").AppendLine(member);
            }
        }

        return text.ToString();
    }

    private static string TypeHeader(Type type)
    {
        string kind = type.IsEnum ? "enum" : type.IsInterface ? "interface" : type.IsValueType ? "struct"
            : typeof(Delegate).IsAssignableFrom(type) ? "delegate" : type.IsAbstract && type.IsSealed ? "static class"
            : type.IsAbstract ? "abstract class" : type.IsSealed ? "sealed class" : "class";
        var bases = new List<string>();
        if (type.BaseType is { } baseType && baseType != typeof(object) && baseType != typeof(ValueType) && baseType != typeof(Enum))
        {
            bases.Add(Name(baseType));
        }

        bases.AddRange(type.GetInterfaces().Select(Name).Order(StringComparer.Ordinal));
        return $"{kind} {Name(type)}{(bases.Count > 0 ? " : " + string.Join(", ", bases) : string.Empty)}";
    }

    private static IEnumerable<string> Members(Type type)
    {
        const BindingFlags flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        if (type.IsEnum)
        {
            foreach (string name in Enum.GetNames(type))
            {
                yield return $"{name} = {Convert.ToInt64(Enum.Parse(type, name), System.Globalization.CultureInfo.InvariantCulture)}";
            }

            yield break;
        }

        foreach (ConstructorInfo constructor in type.GetConstructors(flags).Where(c => Visible(c)))
        {
            yield return $"{Access(constructor)}ctor({Parameters(constructor.GetParameters())})";
        }

        foreach (MethodInfo method in type.GetMethods(flags).Where(m => Visible(m) && !m.IsSpecialName))
        {
            string generic = method.IsGenericMethod ? "<" + string.Join(", ", method.GetGenericArguments().Select(a => a.Name)) + ">" : string.Empty;
            string modifiers = (method.IsStatic ? "static " : string.Empty) + (method.IsAbstract && !type.IsInterface ? "abstract " : method.IsVirtual && !method.IsFinal && !type.IsInterface ? "virtual " : string.Empty);
            yield return $"{Access(method)}{modifiers}{Name(method.ReturnType)} {method.Name}{generic}({Parameters(method.GetParameters())})";
        }

        foreach (PropertyInfo property in type.GetProperties(flags))
        {
            MethodInfo? getter = property.GetMethod is { } g && Visible(g) ? g : null;
            MethodInfo? setter = property.SetMethod is { } s && Visible(s) ? s : null;
            if (getter is null && setter is null)
            {
                continue;
            }

            bool init = setter?.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit)) == true;
            string accessors = (getter is null ? string.Empty : "get; ") + (setter is null ? string.Empty : init ? "init; " : "set; ");
            string indexer = property.GetIndexParameters() is { Length: > 0 } index ? "[" + Parameters(index) + "]" : string.Empty;
            bool isStatic = (getter ?? setter)!.IsStatic;
            yield return $"{Access((getter ?? setter)!)}{(isStatic ? "static " : string.Empty)}{Name(property.PropertyType)} {property.Name}{indexer} {{ {accessors}}}";
        }

        foreach (FieldInfo field in type.GetFields(flags).Where(f => f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly))
        {
            string modifiers = field.IsLiteral ? "const " : (field.IsStatic ? "static " : string.Empty) + (field.IsInitOnly ? "readonly " : string.Empty);
            yield return $"{(field.IsPublic ? string.Empty : "protected ")}{modifiers}{Name(field.FieldType)} {field.Name}";
        }

        foreach (EventInfo e in type.GetEvents(flags).Where(e => e.AddMethod is { } add && Visible(add)))
        {
            yield return $"event {Name(e.EventHandlerType!)} {e.Name}";
        }
    }

    private static bool Visible(MethodBase method) => method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly;

    private static string Access(MethodBase method) => method.IsPublic ? string.Empty : "protected ";

    private static string Parameters(ParameterInfo[] parameters) => string.Join(", ", parameters.Select(p =>
    {
        string modifier = p.IsOut ? "out " : p.ParameterType.IsByRef ? (p.IsIn ? "in " : "ref ") : string.Empty;
        string optional = p.HasDefaultValue ? " = " + (p.DefaultValue switch { null => "null", string s => "\"" + s + "\"", bool b => b ? "true" : "false", var v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) }) : string.Empty;
        return $"{modifier}{Name(p.ParameterType)} {p.Name}{optional}";
    }));

    private static string Name(Type type)
    {
        if (type.IsByRef)
        {
            return Name(type.GetElementType()!);
        }

        if (type.IsArray)
        {
            return Name(type.GetElementType()!) + "[]";
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Name(underlying) + "?";
        }

        if (type.IsGenericParameter)
        {
            return type.Name;
        }

        string name = type.IsNested ? Name(type.DeclaringType!) + "." + type.Name : (type.Namespace is { } ns ? ns + "." : string.Empty) + type.Name;
        if (type.IsGenericType)
        {
            int tick = name.IndexOf('`', StringComparison.Ordinal);
            name = (tick >= 0 ? name[..tick] : name) + "<" + string.Join(", ", type.GetGenericArguments().Select(Name)) + ">";
        }

        return name;
    }
}
