using System.Security.Authentication;
using System.Text;

namespace DaneSockets.Tls;

/// <summary>
/// A TLS server refused by DANE (or a DNS failure that forbids connecting). <see cref="Result"/> holds the TLSA records that
/// were tried and why each failed. HttpClient wraps it in an <c>HttpRequestException</c>.
/// </summary>
public sealed class DaneAuthenticationException : AuthenticationException
{
    /// <summary>Creates the exception from a refusal.</summary>
    public DaneAuthenticationException(DaneConnectionResult result) : base(Describe(result)) => Result = result;

    /// <summary>Creates the exception with a message only.</summary>
    public DaneAuthenticationException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and cause.</summary>
    public DaneAuthenticationException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception with a generic message.</summary>
    public DaneAuthenticationException() : base("The server was refused by DANE.") { }

    /// <summary>The refusal in full, when known.</summary>
    public DaneConnectionResult? Result { get; }

    private static string Describe(DaneConnectionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var sb = new StringBuilder();
        sb.Append("DANE refused ").Append(result.Target.Host.ToString().TrimEnd('.')).Append(':').Append(result.Target.Port)
          .Append(": ").Append(result.Decision.Reason).Append(" (TLSA ").Append(result.Target.TlsaOwner).Append(' ').Append(result.Target.Tlsa.Outcome).Append(')');
        if (result.Target.TlsaFailure is { } failure && result.Target.Tlsa.Outcome is Policy.TlsaLookupOutcome.Bogus or Policy.TlsaLookupOutcome.Indeterminate)
        {
            sb.Append("; ").Append(failure);
        }

        if (result.Decision.Verification is { } verification)
        {
            sb.Append("; ").Append(verification.Detail);
            foreach (var record in verification.Records)
            {
                sb.AppendLine().Append("  ").Append(record);
            }
        }

        return sb.ToString();
    }
}
