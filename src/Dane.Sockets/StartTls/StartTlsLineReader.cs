using System.Collections.Immutable;
using System.Text;

namespace DaneSockets.StartTls;

/// <summary>
/// Reads and writes the CRLF-terminated lines of a plaintext protocol prelude and keeps the transcript. Reads are buffered, so
/// after the server's "go ahead" the caller checks <see cref="HasBufferedData"/>: bytes the server sent after that reply
/// would otherwise be taken for TLS-protected data (the STARTTLS command injection flaw, CVE-2011-0411), so they fail the
/// negotiation.
/// </summary>
internal sealed class StartTlsLineReader
{
    private readonly Stream _stream;
    private readonly byte[] _buffer = new byte[StartTlsLimits.MaxLineLength];
    private readonly ImmutableArray<string>.Builder _transcript = ImmutableArray.CreateBuilder<string>();
    private int _start;
    private int _end;

    public StartTlsLineReader(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
    }

    /// <summary>True when bytes were received beyond the last line read.</summary>
    public bool HasBufferedData => _end > _start;

    /// <summary>The lines exchanged so far, prefixed "C: " and "S: ".</summary>
    public ImmutableArray<string> Transcript => _transcript.ToImmutable();

    /// <summary>Reads one line without its terminator (a bare LF is accepted as the end of a line).</summary>
    /// <exception cref="StartTlsProtocolException">The line is too long, or the connection closed.</exception>
    public async ValueTask<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            int newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                int length = newline - _start;
                if (length > 0 && _buffer[newline - 1] == (byte)'\r')
                {
                    length--;
                }

                // Latin-1 maps every octet to one character: nothing the server sends can make decoding fail.
                string line = Encoding.Latin1.GetString(_buffer, _start, length);
                _start = newline + 1;
                _transcript.Add("S: " + line);
                return line;
            }

            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }

            if (_end == _buffer.Length)
            {
                throw new StartTlsProtocolException($"the server sent a line longer than {StartTlsLimits.MaxLineLength} octets");
            }

            int read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new StartTlsProtocolException("the server closed the connection");
            }

            _end += read;
        }
    }

    /// <summary>Sends <paramref name="line"/> followed by CRLF, as ASCII unless <paramref name="utf8"/> (an SMTPUTF8 session, RFC 6531 §3.2).</summary>
    /// <exception cref="ArgumentException">The line is not ASCII and <paramref name="utf8"/> is false (a caller bug: nothing is sent).</exception>
    public async ValueTask WriteLineAsync(string line, CancellationToken cancellationToken, bool utf8 = false)
    {
        if (!utf8 && !Ascii.IsValid(line))
        {
            throw new ArgumentException("A non-ASCII command line may only be sent in an SMTPUTF8 session.", nameof(line));
        }

        byte[] bytes = Encoding.UTF8.GetBytes(line + "\r\n");
        await _stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        _transcript.Add("C: " + line);
    }

    /// <summary>Sends raw octets (message content) without recording them line by line.</summary>
    public async ValueTask WriteRawAsync(ReadOnlyMemory<byte> bytes, string transcriptNote, CancellationToken cancellationToken)
    {
        await _stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        _transcript.Add("C: " + transcriptNote);
    }

    /// <summary>An outcome for a negotiation that stopped before TLS, with the transcript so far.</summary>
    public StartTlsOutcome Stop(bool offered, string detail) => new(false, offered, detail, Transcript);

    /// <summary>Adds a note (not protocol data) to the transcript.</summary>
    public void Note(string note) => _transcript.Add(note);
}
