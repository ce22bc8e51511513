using System.Net;

namespace DnsSecure.Testing.Server;

/// <summary>One misbehaviour with its parameters. Create faults with the static members, e.g. <see cref="Delayed"/>.</summary>
public sealed record Fault
{
    private Fault(FaultKind kind) => Kind = kind;

    /// <summary>What goes wrong.</summary>
    public FaultKind Kind { get; }

    /// <summary>For <see cref="FaultKind.Delay"/>: how long to wait before answering.</summary>
    public TimeSpan Delay { get; private init; }

    /// <summary>For <see cref="FaultKind.TamperData"/>: the address put into A records; null adds one to the last octet.</summary>
    public IPAddress? Address { get; private init; }

    /// <summary>For <see cref="FaultKind.OversizedKeySet"/>: how many extra DNSKEY records.</summary>
    public int KeyCount { get; private init; }

    /// <summary>For <see cref="FaultKind.OversizedKeySet"/>: how many extra RRSIG records over the DNSKEY RRset.</summary>
    public int SignatureCount { get; private init; }

    /// <summary>Remove every RRSIG.</summary>
    public static Fault DropSignatures { get; } = new(FaultKind.DropSignatures);

    /// <summary>Corrupt every RRSIG's signature.</summary>
    public static Fault CorruptSignatures { get; } = new(FaultKind.CorruptSignatures);

    /// <summary>Publish DS records whose digest matches no key.</summary>
    public static Fault WrongDs { get; } = new(FaultKind.WrongDs);

    /// <summary>Strip all DNSSEC records.</summary>
    public static Fault StripDnssec { get; } = new(FaultKind.StripDnssec);

    /// <summary>Answer without EDNS.</summary>
    public static Fault NoEdns { get; } = new(FaultKind.NoEdns);

    /// <summary>FORMERR to EDNS queries.</summary>
    public static Fault FormErrOnEdns { get; } = new(FaultKind.FormErrOnEdns);

    /// <summary>SERVFAIL.</summary>
    public static Fault ServerFailure { get; } = new(FaultKind.ServerFailure);

    /// <summary>REFUSED.</summary>
    public static Fault Refuse { get; } = new(FaultKind.Refuse);

    /// <summary>Never answer.</summary>
    public static Fault NoAnswer { get; } = new(FaultKind.NoAnswer);

    /// <summary>TC=1 on every UDP answer.</summary>
    public static Fault AlwaysTruncate { get; } = new(FaultKind.AlwaysTruncate);

    /// <summary>A wrong message ID.</summary>
    public static Fault WrongId { get; } = new(FaultKind.WrongId);

    /// <summary>A wrong question section.</summary>
    public static Fault WrongQuestion { get; } = new(FaultKind.WrongQuestion);

    /// <summary>Wait before answering.</summary>
    public static Fault Delayed(TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        return new Fault(FaultKind.Delay) { Delay = delay };
    }

    /// <summary>Change A records after signing, to <paramref name="address"/> or (null) to the next address.</summary>
    public static Fault TamperData(IPAddress? address = null) => new(FaultKind.TamperData) { Address = address };

    /// <summary>A KeyTrap-like DNSKEY answer: <paramref name="keyCount"/> extra keys with colliding key tags and
    /// <paramref name="signatureCount"/> extra RRSIGs, all with random bytes.</summary>
    public static Fault OversizedKeySet(int keyCount = 32, int signatureCount = 32)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(keyCount);
        ArgumentOutOfRangeException.ThrowIfNegative(signatureCount);
        return new Fault(FaultKind.OversizedKeySet) { KeyCount = keyCount, SignatureCount = signatureCount };
    }

    /// <inheritdoc/>
    public override string ToString() => Kind switch
    {
        FaultKind.Delay => $"Delay {Delay.TotalMilliseconds} ms",
        FaultKind.TamperData => $"TamperData {Address?.ToString() ?? "next address"}",
        FaultKind.OversizedKeySet => $"OversizedKeySet {KeyCount} keys, {SignatureCount} signatures",
        _ => Kind.ToString(),
    };
}
