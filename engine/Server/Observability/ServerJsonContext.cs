using System.Text.Json.Serialization;

namespace Engine.Server.Observability;

/// <summary>Source-generated JSON for the server's own small needs (log fields).</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class ServerJsonContext : JsonSerializerContext
{
}
