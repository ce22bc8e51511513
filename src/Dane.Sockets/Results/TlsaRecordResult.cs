using System.Globalization;
using DnsSecure.Records;

namespace DaneSockets.Results;

/// <summary>The fate of one TLSA record: whether it was usable, whether and where it matched, and why it did not authenticate.</summary>
/// <param name="Index">Position of the record in the request's list.</param>
/// <param name="Record">The record.</param>
/// <param name="Verdict">What became of it.</param>
/// <param name="Depth">Chain depth it matched at (0 = leaf), or -1 when it did not match.</param>
/// <param name="Detail">A short explanation for people; not meant to be parsed.</param>
public sealed record TlsaRecordResult(int Index, TlsaRdata Record, TlsaRecordVerdict Verdict, int Depth, string Detail)
{
    /// <summary>True when the record was usable (RFC 7671 §4.1) and not discarded by digest agility.</summary>
    public bool IsUsable => Verdict is TlsaRecordVerdict.NoMatch or TlsaRecordVerdict.Matched or TlsaRecordVerdict.NotEvaluated
        or TlsaRecordVerdict.NameMismatch or TlsaRecordVerdict.ValidityPeriod or TlsaRecordVerdict.SignatureInvalid
        or TlsaRecordVerdict.NotCertificateAuthority or TlsaRecordVerdict.PkixValidationFailed;

    /// <inheritdoc/>
    public override string ToString()
    {
        string depth = Depth >= 0 ? string.Create(CultureInfo.InvariantCulture, $" at depth {Depth}") : string.Empty;
        return string.Create(CultureInfo.InvariantCulture,
            $"#{Index} {(byte)Record.Usage} {(byte)Record.Selector} {(byte)Record.MatchingType}: {Verdict}{depth} ({Detail})");
    }
}
