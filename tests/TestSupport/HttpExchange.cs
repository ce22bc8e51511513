using System.Text;

namespace DaneTesting;

/// <summary>The smallest HTTP/1.1 server side: read one request head, answer 200, close.</summary>
public static class HttpExchange
{
    private const int MaxHeadLength = 16384;

    public static async Task AnswerOneAsync(Stream stream, string body, CancellationToken cancellationToken)
    {
        var head = new StringBuilder();
        byte[] one = new byte[1];
        while (head.Length < MaxHeadLength)
        {
            int n = await stream.ReadAsync(one, cancellationToken);
            if (n == 0)
            {
                return;
            }

            head.Append((char)one[0]);
            if (head.Length >= 4 && head[^1] == '\n' && head[^2] == '\r' && head[^3] == '\n' && head[^4] == '\r')
            {
                break;
            }
        }

        string response = $"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(response), cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }
}
