using System.CommandLine;
using DaneCli.Commands;

namespace DaneCli;

/// <summary>The entry point of the <c>dane</c> tool.</summary>
public static class Program
{
    /// <summary>Exit code: success (for <c>check</c>, the chain matched).</summary>
    public const int ExitSuccess = 0;

    /// <summary>Exit code: the command ran but the answer is negative (no match, bogus or not secure).</summary>
    public const int ExitNegative = 1;

    /// <summary>Exit code: bad usage or an operational error (unreadable file, network failure); the message is on stderr.</summary>
    public const int ExitError = 2;

    /// <summary>Runs the tool with the console as output.</summary>
    /// <param name="args">The command line.</param>
    /// <returns>The exit code.</returns>
    public static Task<int> Main(string[] args) => RunAsync(args, Console.Out, Console.Error);

    /// <summary>Runs the tool in-process, writing results to <paramref name="output"/> and errors to <paramref name="error"/>.</summary>
    /// <param name="args">The command line, without the program name.</param>
    /// <param name="output">Where results go.</param>
    /// <param name="error">Where usage and operational errors go.</param>
    /// <param name="cancellationToken">Cancels network work.</param>
    /// <returns>The exit code: <see cref="ExitSuccess"/>, <see cref="ExitNegative"/> or <see cref="ExitError"/>.</returns>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var context = new CliContext(output, error);
        var root = new RootCommand("DANE and DNSSEC tools: validated DNS queries with the chain of trust, TLSA lookups, connection checks (verify, smtp), offline matching, TLSA generation, zone verification.")
        {
            GenerateCommand.Create(context),
            CheckCommand.Create(context),
            QueryCommand.Create(context),
            TlsaCommand.Create(context),
            ZoneCommand.Create(context),
            VerifyCommand.Create(context),
            SmtpCommand.Create(context),
        };
        ParseResult parsed = root.Parse(args);
        var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        if (parsed.Errors.Count > 0)
        {
            foreach (System.CommandLine.Parsing.ParseError parseError in parsed.Errors)
            {
                await error.WriteLineAsync(parseError.Message).ConfigureAwait(false);
            }

            return ExitError;
        }

        try
        {
            return await parsed.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (CliException e)
        {
            await error.WriteLineAsync("dane: " + e.Message).ConfigureAwait(false);
            return ExitError;
        }
    }
}
