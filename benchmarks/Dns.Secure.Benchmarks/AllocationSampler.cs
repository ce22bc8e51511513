using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace DnsSecure.Benchmarks;

/// <summary>
/// Samples what the process allocates, by type, from the runtime's allocation-tick events (one event per ~100 KB
/// allocated, naming the type of the object that crossed the mark): a cheap, statistically fair picture of where the
/// bytes go. Enabled in <c>validator-load</c> with <c>VALIDATOR_ALLOCATION_TYPES=1</c>; printed to standard error.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const int AllocationTickEvent = 10;
    private readonly ConcurrentDictionary<string, long> _bytes = new();
    private volatile bool _recording;

    public void Start() => _recording = true;

    public void Stop() => _recording = false;

    public void Print(TextWriter writer, long answers)
    {
        long total = _bytes.Values.Sum();
        foreach (KeyValuePair<string, long> entry in _bytes.OrderByDescending(e => e.Value).Take(40))
        {
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"alloc {100.0 * entry.Value / Math.Max(1, total),5:0.0}% {entry.Value / (double)Math.Max(1, answers),8:0} B/answer  {entry.Key}"));
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1); // GC keyword
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (!_recording || eventData.EventId != AllocationTickEvent || eventData.Payload is null || eventData.PayloadNames is null)
        {
            return;
        }

        int typeIndex = eventData.PayloadNames.IndexOf("TypeName");
        int amountIndex = eventData.PayloadNames.IndexOf("AllocationAmount64");
        if (typeIndex < 0 || amountIndex < 0)
        {
            return;
        }

        string type = eventData.Payload[typeIndex] as string ?? "?";
        long amount = Convert.ToInt64(eventData.Payload[amountIndex], CultureInfo.InvariantCulture);
        _bytes.AddOrUpdate(type, amount, (_, v) => v + amount);
    }
}
