using System.Diagnostics;

namespace DnsSecure.Testing.Tests.Signing;

/// <summary>Runs a zone-checking tool of another implementation; a missing tool fails the test naming its Debian package.</summary>
internal static class ExternalTool
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(2);

    public static string Find(string name, string debianPackage)
    {
        string[] path = [.. (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries), "/usr/sbin", "/usr/bin", "/sbin"];
        foreach (string dir in path)
        {
            string candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        Assert.Fail($"'{name}' is not installed: this interop test needs the Debian package '{debianPackage}' (apt-get install -y {debianPackage}).");
        return name;
    }

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
