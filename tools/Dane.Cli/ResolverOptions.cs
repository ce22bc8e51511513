using System.CommandLine;
using System.Globalization;
using System.Net;
using DnsSecure.Dnssec.Chain;
using DnsSecure.Dnssec.TrustAnchors;
using DnsSecure.Recursion;
using DnsSecure.Records;
using DnsSecure.Resolution;
using DnsSecure.Transport;

namespace DaneCli;

/// <summary>The options shared by the commands that ask DNS: servers, trust anchor and validation time.</summary>
internal sealed class ResolverOptions
{
    public Option<string[]> Server { get; } = new("--server")
    {
        Description = "A recursive resolver to ask, IP[:PORT] or [IPv6]:PORT; repeatable. Default: the system's resolvers.",
    };

    public Option<FileInfo?> Anchor { get; } = new("--anchor")
    {
        Description = "Trust anchors: DS or DNSKEY records (zone-file lines) or IANA's root-anchors.xml. Default: the built-in IANA root anchors.",
    };

    public Option<string?> Time { get; } = new("--time")
    {
        Description = "Validate as if the time were YYYYMMDDHHMMSS (UTC).",
    };

    public Option<bool> Recursive { get; } = new("--recursive")
    {
        Description = "Iterate from the root servers instead of asking a recursive resolver (recursive mode).",
    };

    public Option<FileInfo?> RootHints { get; } = new("--root-hints")
    {
        Description = "With --recursive: the root servers, in named.root format (default: the built-in IANA root hints).",
    };

    public Option<int?> ServerPort { get; } = new("--server-port")
    {
        Description = "With --recursive: the port of every authoritative server (default 53; for private trees on loopback).",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Server);
        command.Options.Add(Anchor);
        command.Options.Add(Time);
        command.Options.Add(Recursive);
        command.Options.Add(RootHints);
        command.Options.Add(ServerPort);
    }

    /// <summary>Builds the validating resolver (stub mode over the servers, or recursive mode); dispose the owner when done.</summary>
    public (IAsyncDisposable Owner, ValidatingResolver Resolver) Build(ParseResult parseResult)
    {
        TimeProvider time = parseResult.GetValue(Time) is { } text ? new FixedTimeProvider(ParseTime(text)) : TimeProvider.System;
        TrustAnchorStore anchors = parseResult.GetValue(Anchor) is { } file ? LoadAnchors(file.FullName, time.GetUtcNow()) : TrustAnchorStore.Default;
        if (parseResult.GetValue(Recursive))
        {
            if (parseResult.GetValue(Server) is { Length: > 0 })
            {
                throw new CliException("--server and --recursive exclude each other: recursive mode asks the authoritative servers itself");
            }

            int port = parseResult.GetValue(ServerPort) ?? NameServer.DnsPort;
            if (port is < 1 or > ushort.MaxValue)
            {
                throw new CliException($"--server-port {port} is out of range");
            }

            var options = new ValidatingResolverOptions
            {
                RootHints = parseResult.GetValue(RootHints) is { } hints ? LoadRootHints(hints.FullName, port) : DnsSecure.Recursion.RootHints.Iana,
                Recursion = new IterativeResolverOptions { ServerPort = port },
            };
            return (NothingToDispose.Instance, ValidatingResolver.CreateRecursive(anchors, options, time));
        }

        if (parseResult.GetValue(RootHints) is not null || parseResult.GetValue(ServerPort) is not null)
        {
            throw new CliException("--root-hints and --server-port need --recursive");
        }

        var stubOptions = new StubResolverOptions();
        foreach (string server in parseResult.GetValue(Server) ?? [])
        {
            stubOptions.Servers.Add(new NameServer(ParseEndPoint(server)));
        }

        var stub = new StubResolver(stubOptions, logger: null, timeProvider: null);
        return (stub, new ValidatingResolver(new StubDataSource(stub), anchors, options: null, timeProvider: time));
    }

    internal static IPEndPoint ParseEndPoint(string text)
    {
        if (IPAddress.TryParse(text, out IPAddress? bare))
        {
            return new IPEndPoint(bare, NameServer.DnsPort);
        }

        if (IPEndPoint.TryParse(text, out IPEndPoint? endPoint))
        {
            return endPoint;
        }

        throw new CliException($"'{text}' is not an IP address or IP:PORT");
    }

    private static RootHints LoadRootHints(string path, int port)
    {
        try
        {
            return DnsSecure.Recursion.RootHints.Parse(File.ReadAllText(path), port);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read {path}: {e.Message}", e);
        }
        catch (DnsSecure.Wire.DnsFormatException e)
        {
            throw new CliException($"cannot parse root hints in {path}: {e.Message}", e);
        }
    }

    private static TrustAnchorStore LoadAnchors(string path, DateTimeOffset now) => TrustAnchorStore.Create(LoadAnchorList(path, now));

    /// <summary>Reads DS/DNSKEY records in presentation format, or IANA's root-anchors.xml (RFC 9718).</summary>
    internal static IReadOnlyList<TrustAnchor> LoadAnchorList(string path, DateTimeOffset now)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read {path}: {e.Message}", e);
        }

        try
        {
            // IANA's root-anchors.xml (RFC 9718), or DS/DNSKEY records in presentation format.
            if (text.TrimStart().StartsWith('<'))
            {
                TrustAnchor root = TrustAnchorLoader.ParseIanaXml(text, now) ?? throw new CliException($"{path} holds no KeyDigest valid now");
                return [root];
            }

            IReadOnlyList<TrustAnchor> anchors = TrustAnchorLoader.ParsePresentation(text);
            if (anchors.Count == 0)
            {
                throw new CliException($"{path} holds no DS or DNSKEY record");
            }

            return anchors;
        }
        catch (DnsSecure.Wire.DnsFormatException e)
        {
            throw new CliException($"cannot parse trust anchors in {path}: {e.Message}", e);
        }
    }

    internal static DateTimeOffset ParseTime(string text)
    {
        // The RRSIG timestamp form, RFC 4034 §3.2.
        if (DateTime.TryParseExact(text, "yyyyMMddHHmmss", CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime t))
        {
            return new DateTimeOffset(t, TimeSpan.Zero);
        }

        throw new CliException($"'{text}' is not a time YYYYMMDDHHMMSS");
    }

    private sealed class NothingToDispose : IAsyncDisposable
    {
        public static NothingToDispose Instance { get; } = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
