using System.Diagnostics;

namespace DnsSecure.Testing.Tests.Signing;

/// <summary>Runs a zone-checking tool of another implementation (found with <see cref="DaneTesting.RequiredTool"/>) to completion.</summary>
internal static class ExternalTool
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    public static (int ExitCode, string Output) Run(string executable, params string[] arguments)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(s_timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{executable} did not finish within {s_timeout}.");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
