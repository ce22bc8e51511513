using System.Text;
using DnsSecure.Wire;

namespace DnsSecure.Edns;

/// <summary>The DNS Cookie option (RFC 7873 §4): an 8-octet client cookie and, in responses and later queries,
/// a server cookie of 8 to 32 octets.</summary>
public sealed class CookieOption : EdnsOption
{
    /// <summary>Length of the client cookie (RFC 7873 §4).</summary>
    public const int ClientCookieLength = 8;

    /// <summary>Minimum length of a server cookie (RFC 7873 §4).</summary>
    public const int MinServerCookieLength = 8;

    /// <summary>Maximum length of a server cookie (RFC 7873 §4).</summary>
    public const int MaxServerCookieLength = 32;

    /// <summary>Creates the option.</summary>
    /// <exception cref="ArgumentException">The client cookie is not 8 octets, or the server cookie is neither empty nor 8 to 32 octets.</exception>
    public CookieOption(ReadOnlyMemory<byte> clientCookie, ReadOnlyMemory<byte> serverCookie = default)
    {
        if (clientCookie.Length != ClientCookieLength)
        {
            throw new ArgumentException("A client cookie is 8 octets (RFC 7873 §4).", nameof(clientCookie));
        }

        if (serverCookie.Length != 0 && serverCookie.Length is < MinServerCookieLength or > MaxServerCookieLength)
        {
            throw new ArgumentException("A server cookie is 8 to 32 octets (RFC 7873 §4).", nameof(serverCookie));
        }

        ClientCookie = clientCookie.ToArray();
        ServerCookie = serverCookie.ToArray();
    }

    /// <inheritdoc/>
    public override EdnsOptionCode Code => EdnsOptionCode.Cookie;

    /// <summary>The client cookie (8 octets).</summary>
    public ReadOnlyMemory<byte> ClientCookie { get; }

    /// <summary>The server cookie; empty when absent.</summary>
    public ReadOnlyMemory<byte> ServerCookie { get; }

    /// <summary>dig-like text: <c>COOKIE: </c> and the client and server cookies in hex.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder("COOKIE: ");
        sb.Append(Convert.ToHexStringLower(ClientCookie.Span)).Append(Convert.ToHexStringLower(ServerCookie.Span));
        return sb.ToString();
    }

    internal static CookieOption Read(ref DnsWireReader reader, int length)
    {
        // RFC 7873 §5.2.2: a length other than 8 or 16 to 40 is FORMERR.
        if (length != ClientCookieLength && length is < ClientCookieLength + MinServerCookieLength or > ClientCookieLength + MaxServerCookieLength)
        {
            throw DnsWireReader.Error($"COOKIE option of {length} octets (8, or 16 to 40)", reader.Position);
        }

        byte[] client = reader.ReadBytes(ClientCookieLength).ToArray();
        return new CookieOption(client, reader.ReadRemaining().ToArray());
    }

    internal override void WriteData(ref DnsWireWriter writer)
    {
        writer.WriteBytes(ClientCookie.Span);
        writer.WriteBytes(ServerCookie.Span);
    }
}
