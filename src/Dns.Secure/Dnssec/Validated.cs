using System.Diagnostics.CodeAnalysis;

namespace DnsSecure.Dnssec;

/// <summary>
/// A value together with its DNSSEC verdict. Callers reach the value by saying which statuses they accept:
/// <see cref="RequireSecure"/>, <see cref="TryGetSecure"/>, or <see cref="Value"/> when any status will do.
/// </summary>
/// <typeparam name="T">The validated data (an RRset, a lookup result …).</typeparam>
public sealed class Validated<T>
{
    private Validated(T? value, DnssecStatus status, ValidationFailure? failure)
    {
        Value = value;
        Status = status;
        Failure = failure;
    }

    /// <summary>The data, whatever its status; null or default when validation produced none (Bogus or Indeterminate without data).</summary>
    public T? Value { get; }

    /// <summary>The DNSSEC status of <see cref="Value"/>.</summary>
    public DnssecStatus Status { get; }

    /// <summary>Why the status is not Secure (null when Secure; may be null for Insecure data outside any trust anchor).</summary>
    public ValidationFailure? Failure { get; }

    /// <summary>True when <see cref="Status"/> is <see cref="DnssecStatus.Secure"/>.</summary>
    public bool IsSecure => Status == DnssecStatus.Secure;

    /// <summary>Data proven secure.</summary>
    public static Validated<T> Secure(T value) => new(value, DnssecStatus.Secure, null);

    /// <summary>Data proven insecure (an unsigned delegation, an unsupported algorithm, a negative trust anchor).</summary>
    public static Validated<T> Insecure(T value, ValidationFailure? reason = null) => new(value, DnssecStatus.Insecure, reason);

    /// <summary>Data that failed validation; the value, if given, must not be trusted.</summary>
    public static Validated<T> Bogus(ValidationFailure failure, T? value = default)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return new(value, DnssecStatus.Bogus, failure);
    }

    /// <summary>Data whose status could not be determined (no trust anchor, validation not run).</summary>
    public static Validated<T> Indeterminate(T? value = default, ValidationFailure? reason = null) => new(value, DnssecStatus.Indeterminate, reason);

    /// <summary>Returns the value when it is Secure.</summary>
    /// <exception cref="DnssecValidationException">The status is not <see cref="DnssecStatus.Secure"/>.</exception>
    public T RequireSecure() =>
        Status == DnssecStatus.Secure ? Value! : throw new DnssecValidationException(Status, Failure);

    /// <summary>Gets the value when it is Secure.</summary>
    /// <param name="value">The value when the method returns true; default otherwise.</param>
    /// <returns>True when <see cref="Status"/> is <see cref="DnssecStatus.Secure"/>.</returns>
    public bool TryGetSecure([MaybeNullWhen(false)] out T value)
    {
        if (Status == DnssecStatus.Secure)
        {
            value = Value!;
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>Gets the value when it is Secure or Insecure (proven unsigned): what an RFC 4035 resolver answers with.</summary>
    public bool TryGetSecureOrInsecure([MaybeNullWhen(false)] out T value)
    {
        if (Status is DnssecStatus.Secure or DnssecStatus.Insecure)
        {
            value = Value!;
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>The same verdict carried over to another value.</summary>
    public Validated<TResult> Select<TResult>(Func<T?, TResult?> selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return new Validated<TResult>(selector(Value), Status, Failure);
    }

    /// <summary>The status, and the failure if there is one.</summary>
    public override string ToString() => Failure is null ? Status.ToString() : $"{Status}: {Failure}";
}
