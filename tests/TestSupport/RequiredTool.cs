namespace DaneTesting;

/// <summary>Finds a real server or tool binary; a missing one fails the test with the package to install.</summary>
public static class RequiredTool
{
    private static readonly string[] s_searchPath =
        [.. (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries), "/usr/sbin", "/sbin", "/usr/bin"];

    /// <summary>The full path of <paramref name="name"/>, or an exception naming the Debian package that provides it.</summary>
    public static string Find(string name, string debianPackage)
    {
        foreach (string dir in s_searchPath)
        {
            string candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"'{name}' is not installed: this test needs the Debian package '{debianPackage}' (scripts/test.sh installs it).");
    }
}
