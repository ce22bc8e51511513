using System.Security.Cryptography.X509Certificates;

namespace DaneCli.Tests.Support;

/// <summary>A directory removed at dispose, for the files the commands read.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = Directory.CreateTempSubdirectory("dane-cli-tests-").FullName;
    }

    public string Path { get; }

    public string Write(string name, string text)
    {
        string file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, text);
        return file;
    }

    public string WritePem(string name, params X509Certificate2[] certificates) =>
        Write(name, string.Concat(certificates.Select(c => c.ExportCertificatePem() + "\n")));

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
