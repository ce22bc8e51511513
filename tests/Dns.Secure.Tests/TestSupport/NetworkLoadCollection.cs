namespace DnsSecure.Tests.TestSupport;

/// <summary>Tests that flood loopback sockets run alone, so that other tests' timeouts do not suffer from them nor they from others.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NetworkLoadCollection
{
    public const string Name = "Network load";
}
