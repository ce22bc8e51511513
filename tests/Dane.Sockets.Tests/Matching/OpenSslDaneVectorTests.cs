using System.Collections.Immutable;
using System.Security.Cryptography.X509Certificates;
using DaneSockets.Matching;
using DaneSockets.Results;
using DaneSockets.Tests.Support;
using Xunit.Abstractions;

namespace DaneSockets.Tests.Matching;

/// <summary>
/// Runs every case of OpenSSL's DANE suite (test/danetest.in, test/dane-cross.in; Apache-2.0, copied under
/// TestData/openssl-dane) through <see cref="DaneMatcher"/> and compares verdict and match depth.
/// </summary>
public sealed class OpenSslDaneVectorTests(ITestOutputHelper output)
{
    private const int X509VOk = 0;
    private const int X509VErrUnableToGetIssuerCertLocally = 20;
    private const int X509VErrHostnameMismatch = 62;
    private const int X509VErrDaneNoMatch = 65;

    private static readonly string Directory = Path.Combine(AppContext.BaseDirectory, "TestData", "openssl-dane");

    // Inside every chain certificate's validity window (2015/2016/2021 → 2116/3015); the anonymous leaf of cases 1–10 is never valid.
    private static readonly FixedTimeProvider Clock = new(new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void DaneTest_AllCases_MatchOpenSslVerdictAndDepth() =>
        RunSuite("danetest.in", "danetest.pem", "example.com", expectedCases: 54);

    [Fact]
    public void DaneCross_AllCases_MatchOpenSslVerdictAndDepth() =>
        RunSuite("dane-cross.in", "cross-root.pem", "server.example", expectedCases: 1);

    [Fact]
    public void DaneTest_Reader_TakesExactlyTheRecordsTheSummaryLists()
    {
        // danetest-cases.tsv lists the records OpenSSL really uses; cases 43–46 carry a second, unread TLSA-looking line.
        List<OpenSslDaneCase> cases = OpenSslDaneCase.ReadFile(Path.Combine(Directory, "danetest.in"));
        string[] rows = File.ReadAllLines(Path.Combine(Directory, "danetest-cases.tsv")).Skip(1).Where(l => l.Length > 0).ToArray();

        Assert.Equal(cases.Count, rows.Length);
        foreach ((OpenSslDaneCase c, string row) in cases.Zip(rows))
        {
            string[] fields = row.Split('\t');
            string records = string.Join("; ", c.Records.Select(r => $"{(byte)r.Usage} {(byte)r.Selector} {(byte)r.MatchingType}"));
            Assert.Equal(fields[6], records);
            Assert.Equal(int.Parse(fields[4], System.Globalization.CultureInfo.InvariantCulture), c.ExpectedCode);
            Assert.Equal(int.Parse(fields[5], System.Globalization.CultureInfo.InvariantCulture), c.ExpectedDepth);
        }
    }

    private void RunSuite(string file, string trustStore, string baseDomain, int expectedCases)
    {
        List<OpenSslDaneCase> cases = OpenSslDaneCase.ReadFile(Path.Combine(Directory, file));
        Assert.Equal(expectedCases, cases.Count);

        var anchors = new X509Certificate2Collection();
        anchors.ImportFromPemFile(Path.Combine(Directory, trustStore));
        var failures = new List<string>();
        int passed = 0;
        foreach (OpenSslDaneCase c in cases)
        {
            var options = DaneVerificationOptions.Default with
            {
                TimeProvider = Clock,
                PkixTrustStore = [.. anchors],
                CheckDaneEeNames = !c.NoDaneEeNameChecks,
            };
            DaneVerificationResult result = DaneMatcher.Verify(new DaneVerificationRequest(c.Records, c.Chain, [baseDomain]) { Options = options });
            int code = ToOpenSslCode(result);
            if (code == c.ExpectedCode && result.MatchDepth == c.ExpectedDepth)
            {
                passed++;
                output.WriteLine($"{c}: {code} depth {result.MatchDepth} as expected: {result.Detail}");
            }
            else
            {
                failures.Add($"{c}: expected {c.ExpectedCode} depth {c.ExpectedDepth}, got {code} depth {result.MatchDepth}: {result}");
            }
        }

        output.WriteLine($"{file}: {passed}/{cases.Count} OpenSSL DANE cases passed");
        foreach (string failure in failures)
        {
            output.WriteLine(failure);
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    private static int ToOpenSslCode(DaneVerificationResult result) => result.Outcome switch
    {
        DaneOutcome.Verified => X509VOk,
        DaneOutcome.Failed => result.FailureKind switch
        {
            DaneFailureKind.PkixValidationFailed => X509VErrUnableToGetIssuerCertLocally,
            DaneFailureKind.NameMismatch => X509VErrHostnameMismatch,
            DaneFailureKind.NoMatch => X509VErrDaneNoMatch,
            _ => -(int)result.FailureKind,
        },
        _ => -100,
    };
}
