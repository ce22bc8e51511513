using System.Reflection;

namespace PublicApi.Tests;

/// <summary>
/// Pins the public API of every library in an approved text file (<c>tests/PublicApi.Tests/approved/*.txt</c>). A change to the
/// public surface fails this test until the approved file is updated in the same commit, so that reviewers see it: run the
/// tests with <c>DANE_APPROVE_API=1</c> to rewrite the files, then review the diff.
/// </summary>
public class PublicApiTests
{
    public static TheoryData<string> Assemblies => new() { "Dns.Secure", "Dns.Secure.Testing", "Dane.Sockets", "Dane.Http" };

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void PublicApi_MatchesTheApprovedFile(string assemblyName)
    {
        string actual = PublicApiText.Describe(Assembly.Load(assemblyName)).ReplaceLineEndings("\n");
        string approvedPath = Path.Combine(AppContext.BaseDirectory, "approved", assemblyName + ".txt");
        if (Environment.GetEnvironmentVariable("DANE_APPROVE_API") == "1")
        {
            approvedPath = Path.Combine(SourceDirectory(), "approved", assemblyName + ".txt");
            Directory.CreateDirectory(Path.GetDirectoryName(approvedPath)!);
            File.WriteAllText(approvedPath, actual);
        }

        Assert.True(File.Exists(approvedPath), $"No approved API file {approvedPath}; run the tests with DANE_APPROVE_API=1 and review it.");
        string approved = File.ReadAllText(approvedPath).ReplaceLineEndings("\n");
        if (approved != actual)
        {
            string[] approvedLines = approved.Split('\n');
            string[] actualLines = actual.Split('\n');
            var added = actualLines.Except(approvedLines).Take(20).Select(l => "+ " + l);
            var removed = approvedLines.Except(actualLines).Take(20).Select(l => "- " + l);
            Assert.Fail($"The public API of {assemblyName} changed; if intended, run the tests with DANE_APPROVE_API=1 and commit {approvedPath}.\n"
                + string.Join('\n', removed.Concat(added)));
        }
    }

    [Fact]
    public void Describe_ListsTypesMembersAndSignatures()
    {
        string text = PublicApiText.Describe(typeof(DnsSecure.DomainName).Assembly);

        Assert.Contains("sealed class DnsSecure.DomainName : System.IComparable<DnsSecure.DomainName>, System.IEquatable<DnsSecure.DomainName>", text, StringComparison.Ordinal);
        Assert.Contains("  static DnsSecure.DomainName Parse(System.String text)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("DnsSecure.Wire.DnsWireReader", text, StringComparison.Ordinal);
    }

    /// <summary>
    /// The project folder, found from the test binary (<c>tests/PublicApi.Tests/bin/…</c>) rather than from compile-time paths,
    /// which deterministic CI builds map to <c>/_/</c>.
    /// </summary>
    private static string SourceDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "PublicApi.Tests.csproj")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"PublicApi.Tests.csproj not found above {AppContext.BaseDirectory}.");
    }
}
