using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using DnsSecure.Iana;
using DnsSecure.Records;

namespace DaneSockets.Tests.Support;

/// <summary>One case of OpenSSL's danetest.in / dane-cross.in (format: TestData/openssl-dane/FORMAT.md).</summary>
internal sealed record OpenSslDaneCase(
    string Suite,
    int Number,
    int Line,
    bool NoDaneEeNameChecks,
    int ExpectedCode,
    int ExpectedDepth,
    IReadOnlyList<TlsaRdata> Records,
    IReadOnlyList<X509Certificate2> Chain)
{
    /// <summary>Reads every case of one <c>.in</c> file. Header, then exactly TLSA-count record lines, then
    /// cert-count PEM blocks with anything outside BEGIN/END skipped (which is what makes cases 43–46 one-record cases).</summary>
    public static List<OpenSslDaneCase> ReadFile(string path)
    {
        string[] lines = File.ReadAllLines(path);
        var cases = new List<OpenSslDaneCase>();
        int i = 0;
        while (i < lines.Length)
        {
            string line = lines[i].Trim();
            i++;
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            int headerLine = i;
            int[] header = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
                .Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            if (header.Length != 5)
            {
                throw new InvalidDataException($"{path}:{headerLine}: expected a 5-number header, got '{line}'");
            }

            var records = new List<TlsaRdata>();
            for (int r = 0; r < header[0]; r++, i++)
            {
                string[] fields = lines[i].Split((char[]?)null, 4, StringSplitOptions.RemoveEmptyEntries);
                string hex = string.Concat(fields[3].Where(c => !char.IsWhiteSpace(c)));
                records.Add(new TlsaRdata(
                    (TlsaCertificateUsage)byte.Parse(fields[0], CultureInfo.InvariantCulture),
                    (TlsaSelector)byte.Parse(fields[1], CultureInfo.InvariantCulture),
                    (TlsaMatchingType)byte.Parse(fields[2], CultureInfo.InvariantCulture),
                    Convert.FromHexString(hex)));
            }

            var chain = new List<X509Certificate2>();
            while (chain.Count < header[1])
            {
                if (i >= lines.Length)
                {
                    throw new InvalidDataException($"{path}:{headerLine}: ran out of certificates");
                }

                if (lines[i].StartsWith("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
                {
                    int start = i;
                    while (!lines[i].StartsWith("-----END CERTIFICATE-----", StringComparison.Ordinal))
                    {
                        i++;
                    }

                    string pem = string.Join('\n', lines[start..(i + 1)]);
                    chain.Add(X509Certificate2.CreateFromPem(pem));
                }

                i++;
            }

            cases.Add(new OpenSslDaneCase(Path.GetFileName(path), cases.Count + 1, headerLine, header[2] != 0, header[3], header[4], records, chain));
        }

        return cases;
    }

    public override string ToString() => $"{Suite} #{Number} (line {Line})";
}
