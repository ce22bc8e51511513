using System.Text.Encodings.Web;
using System.Text.Json;

namespace DaneCli;

/// <summary>How the tool writes JSON: indented, and without escaping non-ASCII text such as "§" (the output is for terminals
/// and scripts, never embedded in HTML).</summary>
internal static class CliJson
{
    public static JsonWriterOptions Options { get; } = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
