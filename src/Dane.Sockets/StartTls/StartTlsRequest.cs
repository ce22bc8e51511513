namespace DaneSockets.StartTls;

/// <summary>What a STARTTLS negotiation needs to know about the two ends.</summary>
/// <param name="ServiceDomain">
/// The domain the client asks for: the XMPP stream's <c>to</c> domain, the mail domain being delivered to. Not sent by every
/// protocol.
/// </param>
/// <param name="ClientName">The client's own name where the protocol sends one (the SMTP EHLO argument).</param>
public sealed record StartTlsRequest(string ServiceDomain, string ClientName = "localhost");
