namespace DnsSecure.Dnssec;

/// <summary>
/// Thrown by <see cref="Validated{T}.RequireSecure"/> when the data is not <see cref="DnssecStatus.Secure"/>.
/// Validation itself never throws for bad upstream data; this exception exists only for callers who ask for it.
/// </summary>
public sealed class DnssecValidationException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public DnssecValidationException() : this(DnssecStatus.Indeterminate, null) { }

    /// <summary>Creates the exception with a message.</summary>
    public DnssecValidationException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public DnssecValidationException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception for data of status <paramref name="status"/> that failed as <paramref name="failure"/> says.</summary>
    public DnssecValidationException(DnssecStatus status, ValidationFailure? failure)
        : base(failure is null ? $"DNSSEC status is {status}, not Secure." : $"DNSSEC status is {status}, not Secure: {failure}.")
    {
        Status = status;
        Failure = failure;
    }

    /// <summary>The status the data had.</summary>
    public DnssecStatus Status { get; }

    /// <summary>Why the data is not secure, when known.</summary>
    public ValidationFailure? Failure { get; }
}
