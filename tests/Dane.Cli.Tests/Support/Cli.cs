using System.Text.Json;

namespace DaneCli.Tests.Support;

/// <summary>Runs the tool in-process and captures what it writes.</summary>
internal static class Cli
{
    public static async Task<CliRun> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = await Program.RunAsync(args, output, error);
        return new CliRun(code, output.ToString(), error.ToString());
    }
}

internal sealed record CliRun(int ExitCode, string Out, string Error)
{
    public JsonElement Json()
    {
        using JsonDocument document = JsonDocument.Parse(Out);
        return document.RootElement.Clone();
    }
}
