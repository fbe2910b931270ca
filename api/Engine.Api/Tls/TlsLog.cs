using System.Text.Json;
using Engine.Api.Json;

namespace Engine.Api.Tls;

/// <summary>TLS start-up and reload notices on stderr in the server's JSON log shape (paths only, never key material).</summary>
internal static class TlsLog
{
    public static void Write(string level, string text) =>
        Console.Error.WriteLine($"{{\"level\":\"{level}\",\"msg\":{JsonSerializer.Serialize(text, ApiJsonContext.Default.String)}}}");
}
