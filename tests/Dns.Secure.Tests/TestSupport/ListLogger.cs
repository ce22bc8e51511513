using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DnsSecure.Tests.TestSupport;

/// <summary>An <see cref="ILogger{T}"/> that records every event, at every level.</summary>
public sealed class ListLogger<T> : ILogger<T>
{
    public ConcurrentQueue<(LogLevel Level, EventId Id, string Message)> Events { get; } = new();

    public int Count(int eventId) => Events.Count(e => e.Id.Id == eventId);

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Events.Enqueue((logLevel, eventId, formatter(state, exception)));
}
