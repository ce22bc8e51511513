namespace DaneCli;

/// <summary>A usage or operational error: the tool prints the message on stderr and exits with code 2.</summary>
internal sealed class CliException : Exception
{
    public CliException(string message) : base(message) { }

    public CliException(string message, Exception inner) : base(message, inner) { }

    public CliException() { }
}
