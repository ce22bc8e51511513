using System.Net;

namespace DaneTesting;

/// <summary>
/// A real server started by a test in the foreground, with its scratch directory (configuration, logs, state): started
/// only once it accepts TCP on its endpoint, and on dispose exactly that process stopped and the directory removed.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan DefaultStartTimeout = TimeSpan.FromSeconds(20);

    private readonly ExternalProcess _process;

    private ServerProcess(ExternalProcess process, TempDirectory directory, IPEndPoint endpoint)
    {
        _process = process;
        Directory = directory;
        Endpoint = endpoint;
    }

    public IPEndPoint Endpoint { get; }

    /// <summary>The server's scratch directory, removed on dispose.</summary>
    public TempDirectory Directory { get; }

    /// <summary>What the process wrote to stdout and stderr so far.</summary>
    public string Output => _process.Output;

    public int ProcessId => _process.Id;

    /// <summary>
    /// Starts <paramref name="fileName"/> and waits until it accepts TCP on every one of <paramref name="listening"/> (the
    /// first is <see cref="Endpoint"/>); if it does not (it exits, or <paramref name="startTimeout"/> passes, 20 s when not
    /// given), stops it, removes <paramref name="directory"/> and throws with its output.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(
        string fileName, IEnumerable<string> arguments, TempDirectory directory, IReadOnlyList<IPEndPoint> listening,
        TimeSpan? startTimeout = null, string? workingDirectory = null)
    {
        ExternalProcess process = ExternalProcess.Start(fileName, arguments, workingDirectory);
        try
        {
            foreach (IPEndPoint endpoint in listening)
            {
                await process.WaitForTcpAsync(endpoint, startTimeout ?? DefaultStartTimeout);
            }
        }
        catch
        {
            await process.DisposeAsync();
            directory.Dispose();
            throw;
        }

        return new ServerProcess(process, directory, listening[0]);
    }

    /// <summary>The text of a file the server wrote into its directory (a log), or empty when there is none.</summary>
    public string ReadFile(string name) => File.Exists(Directory.File(name)) ? File.ReadAllText(Directory.File(name)) : string.Empty;

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        Directory.Dispose();
    }
}
