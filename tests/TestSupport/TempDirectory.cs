using System.Security.Cryptography.X509Certificates;

namespace DaneTesting;

/// <summary>
/// A scratch directory of the test's own, removed (best effort) on dispose. It gets the default mode (not 0700), so
/// servers that drop privileges (postfix, nginx workers) can still read what the test wrote there.
/// </summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory(string prefix = "dane-tests-")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>The path of <paramref name="name"/> inside the directory.</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes <paramref name="text"/> to <paramref name="name"/> and returns its path.</summary>
    public string Write(string name, string text)
    {
        string file = File(name);
        System.IO.File.WriteAllText(file, text);
        return file;
    }

    /// <summary>Writes the certificates as PEM to <paramref name="name"/> and returns its path.</summary>
    public string WritePem(string name, params X509Certificate2[] certificates) =>
        Write(name, string.Concat(certificates.Select(c => c.ExportCertificatePem() + "\n")));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a server may still hold a file open for a moment.
        }
    }
}
