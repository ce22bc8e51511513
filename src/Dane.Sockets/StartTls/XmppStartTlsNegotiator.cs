using System.Collections.Immutable;
using System.Globalization;
using System.Security;
using System.Text;
using System.Xml;

namespace DaneSockets.StartTls;

/// <summary>
/// STARTTLS for XMPP (RFC 6120 §5): opens the stream (<c>&lt;stream:stream to='domain' version='1.0'&gt;</c>), reads the
/// server's stream header and features, sends <c>&lt;starttls/&gt;</c> when offered and returns once the server answers
/// <c>&lt;proceed/&gt;</c>. The server's XML is parsed with DTDs prohibited, within <see cref="XmppStartTlsOptions"/> limits,
/// and never read past the element that ends each step, so the next octets on the connection are TLS. After TLS the client
/// opens a new stream (RFC 6120 §5.4.3.3); that is the caller's.
/// </summary>
public sealed class XmppStartTlsNegotiator : IStartTlsNegotiator
{
    private const string StreamsNamespace = "http://etherx.jabber.org/streams";
    private const string TlsNamespace = "urn:ietf:params:xml:ns:xmpp-tls";
    private const string StreamErrorNamespace = "urn:ietf:params:xml:ns:xmpp-streams";

    private static readonly XmlReaderSettings s_settings = new()
    {
        Async = true,
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreWhitespace = true,
        CloseInput = false,
        ConformanceLevel = ConformanceLevel.Document,
    };

    private readonly XmppStartTlsOptions _options;

    /// <summary>Creates a negotiator for client or server streams.</summary>
    public XmppStartTlsNegotiator(XmppStreamKind kind = XmppStreamKind.Client, XmppStartTlsOptions? options = null)
    {
        _options = options ?? XmppStartTlsOptions.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxServerBytes, 512);
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.MaxDepth, 3);
        Kind = kind;
    }

    /// <summary>A negotiator for client-to-server streams with the default limits.</summary>
    public static XmppStartTlsNegotiator Client { get; } = new(XmppStreamKind.Client);

    /// <summary>A negotiator for server-to-server streams with the default limits.</summary>
    public static XmppStartTlsNegotiator Server { get; } = new(XmppStreamKind.Server);

    /// <summary>Client or server streams.</summary>
    public XmppStreamKind Kind { get; }

    /// <inheritdoc/>
    public string Protocol => Kind == XmppStreamKind.Server ? "xmpp-server" : "xmpp-client";

    private string ContentNamespace => Kind == XmppStreamKind.Server ? "jabber:server" : "jabber:client";

    /// <inheritdoc/>
    public async ValueTask<StartTlsOutcome> NegotiateAsync(Stream stream, StartTlsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(request.ServiceDomain);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        var exchange = new Exchange(stream, _options, timeout.Token);
        try
        {
            return await RunAsync(exchange, request).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return exchange.Stop($"no answer within {_options.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s");
        }
        catch (IOException) when (exchange.Input.LimitExceeded)
        {
            return exchange.Stop($"the server sent more than {_options.MaxServerBytes} octets before TLS");
        }
        catch (IOException e)
        {
            return exchange.Stop("the connection failed: " + e.Message);
        }
        catch (XmlException e)
        {
            // RFC 6120 §11: not well-formed, or a DTD (§11.1 restricted XML).
            return exchange.Stop("the server sent malformed or restricted XML: " + e.Message);
        }
    }

    private async Task<StartTlsOutcome> RunAsync(Exchange exchange, StartTlsRequest request)
    {
        // RFC 6120 §4.7: 'to' is the service domain; a server stream also says who it is ('from', §4.7.1).
        var header = new StringBuilder("<?xml version='1.0'?><stream:stream");
        if (Kind == XmppStreamKind.Server && !string.IsNullOrEmpty(request.ClientName))
        {
            header.Append(" from='").Append(SecurityElement.Escape(request.ClientName)).Append('\'');
        }

        header.Append(" to='").Append(SecurityElement.Escape(request.ServiceDomain.TrimEnd('.'))).Append('\'')
              .Append(" version='1.0' xml:lang='en' xmlns='").Append(ContentNamespace)
              .Append("' xmlns:stream='").Append(StreamsNamespace).Append("'>");
        await exchange.SendAsync(header.ToString()).ConfigureAwait(false);

        using XmlReader reader = XmlReader.Create(exchange.Input, s_settings);

        // RFC 6120 §4.2: the response stream header.
        await exchange.ReadElementAsync(reader, depth: 0).ConfigureAwait(false);
        exchange.Received(DescribeStart(reader));
        if (reader.LocalName != "stream" || reader.NamespaceURI != StreamsNamespace)
        {
            return exchange.Stop($"the server answered with <{reader.Name}>, not a stream header");
        }

        // RFC 6120 §4.9.3.10: the content namespace must be the one we opened.
        string? contentNamespace = reader.GetAttribute("xmlns");
        if (contentNamespace != ContentNamespace)
        {
            return exchange.Stop($"the server's stream has content namespace '{contentNamespace}', not '{ContentNamespace}'");
        }

        // RFC 6120 §4.7.5: without version 1.0 there are no stream features, hence no STARTTLS.
        if (!IsVersionOneOrLater(reader.GetAttribute("version")))
        {
            return exchange.Stop("the server's stream has no version 1.0, so it offers no STARTTLS");
        }

        if (reader.IsEmptyElement)
        {
            return exchange.Stop("the server closed its stream at once");
        }

        // RFC 6120 §4.3.2: stream features.
        await exchange.ReadElementAsync(reader, depth: 1).ConfigureAwait(false);
        if (IsStreamError(reader))
        {
            return exchange.Stop("stream error: " + await ReadErrorAsync(exchange, reader).ConfigureAwait(false));
        }

        if (reader.LocalName != "features" || reader.NamespaceURI != StreamsNamespace)
        {
            return exchange.Stop($"expected <stream:features>, got <{reader.Name}>");
        }

        var features = new StringBuilder();
        bool offered = false;
        bool required = false;
        await ReadSubtreeAsync(exchange, reader, features, (name, ns, depth) =>
        {
            // RFC 6120 §5.3.1, §5.4.1: <starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'>, possibly with <required/>.
            offered |= depth == 2 && name == "starttls" && ns == TlsNamespace;
            required |= depth == 3 && offered && name == "required" && ns == TlsNamespace;
        }).ConfigureAwait(false);
        exchange.Received(features.ToString());
        exchange.Offered = offered;
        if (!offered)
        {
            return exchange.Stop("the server did not offer STARTTLS");
        }

        // RFC 6120 §5.4.2.1: the client asks; the server answers <proceed/> or <failure/> (§5.4.2.2).
        await exchange.SendAsync($"<starttls xmlns='{TlsNamespace}'/>").ConfigureAwait(false);
        await exchange.ReadElementAsync(reader, depth: 1).ConfigureAwait(false);
        if (IsStreamError(reader))
        {
            return exchange.Stop("stream error: " + await ReadErrorAsync(exchange, reader).ConfigureAwait(false));
        }

        var answer = new StringBuilder();
        string name = reader.LocalName;
        string ns = reader.NamespaceURI;
        await ReadSubtreeAsync(exchange, reader, answer, static (_, _, _) => { }).ConfigureAwait(false);
        exchange.Received(answer.ToString());
        if (ns == TlsNamespace && name == "proceed")
        {
            return exchange.Finish(ready: true, required ? "proceed (TLS required by the server)" : "proceed");
        }

        return exchange.Stop(ns == TlsNamespace && name == "failure"
            ? "the server refused STARTTLS with <failure/>"
            : $"expected <proceed/>, got <{name}>");
    }

    private static bool IsVersionOneOrLater(string? version)
    {
        // RFC 6120 §4.7.5: "major.minor", integers compared separately.
        if (version is null || version.Split('.') is not [string major, string _] || !int.TryParse(major, NumberStyles.None, CultureInfo.InvariantCulture, out int m))
        {
            return false;
        }

        return m >= 1;
    }

    private static bool IsStreamError(XmlReader reader) => reader.LocalName == "error" && reader.NamespaceURI == StreamsNamespace;

    private static async Task<string> ReadErrorAsync(Exchange exchange, XmlReader reader)
    {
        // RFC 6120 §4.9.2: the first child in the streams-error namespace names the condition; <text/> explains it.
        var transcript = new StringBuilder();
        string? condition = null;
        await ReadSubtreeAsync(exchange, reader, transcript, (name, ns, depth) =>
        {
            if (depth == 2 && ns == StreamErrorNamespace && name != "text")
            {
                condition ??= name;
            }
        }).ConfigureAwait(false);
        exchange.Received(transcript.ToString());
        return condition ?? "unknown condition";
    }

    /// <summary>Reads the element the reader is on up to and including its end, and not one node further.</summary>
    private static async Task ReadSubtreeAsync(Exchange exchange, XmlReader reader, StringBuilder transcript, Action<string, string, int> onElement)
    {
        int top = reader.Depth;
        onElement(reader.LocalName, reader.NamespaceURI, reader.Depth);
        transcript.Append(DescribeStart(reader));
        if (reader.IsEmptyElement)
        {
            return;
        }

        while (true)
        {
            await exchange.ReadNodeAsync(reader).ConfigureAwait(false);
            switch (reader.NodeType)
            {
                case XmlNodeType.Element:
                    onElement(reader.LocalName, reader.NamespaceURI, reader.Depth);
                    transcript.Append(DescribeStart(reader));
                    break;
                case XmlNodeType.EndElement:
                    transcript.Append("</").Append(reader.Name).Append('>');
                    if (reader.Depth == top)
                    {
                        return;
                    }

                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA:
                    transcript.Append(SecurityElement.Escape(reader.Value));
                    break;
            }
        }
    }

    private static string DescribeStart(XmlReader reader)
    {
        var sb = new StringBuilder("<").Append(reader.Name);
        if (reader.MoveToFirstAttribute())
        {
            do
            {
                sb.Append(' ').Append(reader.Name).Append("='").Append(SecurityElement.Escape(reader.Value)).Append('\'');
            }
            while (reader.MoveToNextAttribute());
            reader.MoveToElement();
        }

        return sb.Append(reader.IsEmptyElement ? "/>" : ">").ToString();
    }

    /// <summary>One negotiation's connection, limits and transcript.</summary>
    private sealed class Exchange(Stream stream, XmppStartTlsOptions options, CancellationToken cancellationToken)
    {
        private readonly ImmutableArray<string>.Builder _transcript = ImmutableArray.CreateBuilder<string>();

        public XmppBoundedStream Input { get; } = new(stream, options.MaxServerBytes, cancellationToken);

        public bool Offered { get; set; }

        public async Task SendAsync(string xml)
        {
            _transcript.Add("C: " + xml);
            await stream.WriteAsync(Encoding.UTF8.GetBytes(xml), cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        public void Received(string xml) => _transcript.Add("S: " + xml);

        /// <summary>Reads one significant node: comments and processing instructions are restricted XML (RFC 6120 §11.1).</summary>
        public async Task ReadNodeAsync(XmlReader reader)
        {
            do
            {
                if (!await reader.ReadAsync().ConfigureAwait(false))
                {
                    throw new IOException("the server closed the connection");
                }

                if (reader.NodeType is XmlNodeType.Comment or XmlNodeType.ProcessingInstruction or XmlNodeType.DocumentType or XmlNodeType.EntityReference)
                {
                    throw new XmlException($"restricted XML: {reader.NodeType}");
                }

                if (reader.Depth > options.MaxDepth)
                {
                    throw new XmlException($"elements nested deeper than {options.MaxDepth}");
                }
            }
            while (reader.NodeType is XmlNodeType.XmlDeclaration or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace);
        }

        /// <summary>Reads up to the next element start at <paramref name="depth"/>; text between top-level elements is whitespace only.</summary>
        public async Task ReadElementAsync(XmlReader reader, int depth)
        {
            await ReadNodeAsync(reader).ConfigureAwait(false);
            if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == 0)
            {
                throw new IOException("the server closed its stream");
            }

            if (reader.NodeType != XmlNodeType.Element || reader.Depth != depth)
            {
                throw new XmlException($"unexpected {reader.NodeType} '{reader.Name}' at depth {reader.Depth}");
            }
        }

        public StartTlsOutcome Stop(string detail) => Finish(ready: false, detail);

        public StartTlsOutcome Finish(bool ready, string detail) => new(ready, Offered, detail, _transcript.ToImmutable());
    }
}
