namespace DnsSecure;

/// <summary>A question: name, type and class (RFC 1035 §4.1.2).</summary>
/// <param name="Name">The name asked about.</param>
/// <param name="Type">The type asked for.</param>
/// <param name="Class">The class, normally IN.</param>
public readonly record struct DnsQuestion(DomainName Name, RecordType Type, RecordClass Class = RecordClass.IN)
{
    /// <summary>Presentation form, as dig prints it: <c>name CLASS TYPE</c>.</summary>
    public override string ToString() => $"{Name} {Class.ToText()} {Type.ToText()}";
}
