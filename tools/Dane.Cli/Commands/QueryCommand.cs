using System.CommandLine;
using System.Text.Json;
using DnsSecure;
using DnsSecure.Dnssec;
using DnsSecure.Dnssec.Chain;
using DnsSecure.Resolution;
using Spectre.Console;

namespace DaneCli.Commands;

/// <summary><c>dane query</c>: a DNSSEC-validated lookup through a stub resolver.</summary>
internal static class QueryCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("name") { Description = "The name to look up." };
        var type = new Argument<string>("type") { Description = "The record type (mnemonic or TYPEnnn).", DefaultValueFactory = _ => "A" };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        var trace = new Option<bool>("--trace") { Description = "Print the chain of trust that was walked, as a tree." };
        var dot = new Option<FileInfo?>("--dot") { Description = "Write the chain of trust as a Graphviz graph to FILE." };
        var resolverOptions = new ResolverOptions();
        var command = new Command("query", "Look a name up and validate the answer with DNSSEC.") { name, type, json, trace, dot };
        resolverOptions.AddTo(command);
        command.SetAction(async (ParseResult pr, CancellationToken ct) =>
        {
            DomainName domain = CommandArguments.DomainName(pr.GetValue(name)!);

            if (!RecordTypeText.TryParseType(pr.GetValue(type), out RecordType recordType))
            {
                throw new CliException($"'{pr.GetValue(type)}' is not a record type");
            }

            (IAsyncDisposable owner, ValidatingResolver resolver) = resolverOptions.Build(pr);
            await using (owner.ConfigureAwait(false))
            {
                ValidatedLookup lookup = await resolver.ResolveAsync(domain, recordType, ct).ConfigureAwait(false);
                if (pr.GetValue(dot) is { } dotFile)
                {
                    try
                    {
                        await File.WriteAllTextAsync(dotFile.FullName, ChainGraph.ToDot(lookup), ct).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        throw new CliException($"cannot write {dotFile.FullName}: {e.Message}", e);
                    }
                }

                if (pr.GetValue(json))
                {
                    await context.Out.WriteLineAsync(ToJson(lookup, pr.GetValue(trace))).ConfigureAwait(false);
                }
                else
                {
                    await WriteTextAsync(context, lookup).ConfigureAwait(false);
                    if (pr.GetValue(trace))
                    {
                        context.Console.Write(ChainTree(lookup));
                    }
                }

                return lookup.IsSecure ? Program.ExitSuccess : Program.ExitNegative;
            }
        });
        return command;
    }

    internal static async Task WriteTextAsync(CliContext context, ValidatedLookup lookup)
    {
        await context.Out.WriteLineAsync($";; {lookup.Question.Name} {lookup.Question.Type.ToText()}: {lookup.Status}, {ResponseCodeText(lookup.ResponseCode)}").ConfigureAwait(false);
        foreach (ResourceRecord record in lookup.Answers)
        {
            await context.Out.WriteLineAsync(record.ToString()).ConfigureAwait(false);
        }

        if (lookup.Failure is { } failure)
        {
            await context.Out.WriteLineAsync($";; reason: {failure} (EDE {(ushort)failure.ExtendedDnsError} {failure.ExtendedDnsError})").ConfigureAwait(false);
        }
    }

    internal static Tree ChainTree(ValidatedLookup lookup)
    {
        var tree = new Tree(Markup.Escape($"{lookup.Question.Name} {lookup.Question.Type.ToText()} [{lookup.Status}]"));
        TreeNode? zoneNode = null;
        foreach (ChainStep step in lookup.Chain)
        {
            string text = Markup.Escape(ChainGraph.Describe(step));
            if (step.Kind is ChainStepKind.TrustAnchor or ChainStepKind.ZoneKeys or ChainStepKind.InsecureDelegation || zoneNode is null)
            {
                zoneNode = tree.AddNode(text);
            }
            else
            {
                zoneNode.AddNode(text);
            }
        }

        return tree;
    }

    private static string ResponseCodeText(ResponseCode code) => code.ToString().ToUpperInvariant();

    private static string ToJson(ValidatedLookup lookup, bool trace)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, CliJson.Options))
        {
            writer.WriteStartObject();
            writer.WriteString("name", lookup.Question.Name.ToString());
            writer.WriteString("type", lookup.Question.Type.ToText());
            writer.WriteString("rcode", ResponseCodeText(lookup.ResponseCode));
            writer.WriteString("status", lookup.Status.ToString().ToLowerInvariant());
            writer.WriteStartArray("ede");
            if (lookup.Failure is { } failure)
            {
                writer.WriteStartObject();
                writer.WriteNumber("code", (ushort)failure.ExtendedDnsError);
                writer.WriteString("text", failure.ToString());
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("answer");
            foreach (ResourceRecord record in lookup.Answers)
            {
                writer.WriteStringValue(record.ToString());
            }

            writer.WriteEndArray();
            if (lookup.Failure is { } reason)
            {
                writer.WriteString("reason", reason.ToString());
            }
            else
            {
                writer.WriteNull("reason");
            }

            if (trace)
            {
                writer.WriteStartArray("chain");
                foreach (ChainStep step in lookup.Chain)
                {
                    writer.WriteStringValue(ChainGraph.Describe(step));
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
