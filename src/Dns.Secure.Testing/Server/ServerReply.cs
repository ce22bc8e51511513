namespace DnsSecure.Testing.Server;

/// <summary>What to send back for one query: the octets (null: send nothing) after a delay.</summary>
/// <param name="Payload">The encoded response, or null to stay silent.</param>
/// <param name="Delay">How long to wait first.</param>
internal readonly record struct ServerReply(byte[]? Payload, TimeSpan Delay);
