using System.Diagnostics;
using System.Diagnostics.Metrics;
using DaneSockets.Policy;

namespace DaneHttp;

/// <summary>The assembly's one <see cref="Meter"/> and one <see cref="System.Diagnostics.ActivitySource"/>, named after it.</summary>
internal sealed class DaneHttpMetrics : IDisposable
{
    public const string Name = "Dane.Http";

    public static readonly ActivitySource ActivitySource = new(Name);

    private readonly Meter _meter;
    private readonly Histogram<double> _lookupDuration;
    private readonly Counter<long> _verifications;

    public DaneHttpMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(Name) ?? new Meter(Name);
        _lookupDuration = _meter.CreateHistogram<double>("dane.tlsa.lookup.duration", "s", "Duration of TLSA and address lookups for a new connection.");
        _verifications = _meter.CreateCounter<long>("dane.verifications", "{connection}", "Certificate decisions, by outcome.");
    }

    public void RecordLookup(TimeSpan elapsed, TlsaLookupOutcome outcome) =>
        _lookupDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("dane.tlsa.outcome", outcome.ToString()));

    public void RecordVerification(string decision) =>
        _verifications.Add(1, new KeyValuePair<string, object?>("dane.decision", decision));

    public void Dispose() => _meter.Dispose();
}
