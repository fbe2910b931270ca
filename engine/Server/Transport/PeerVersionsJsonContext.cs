using System.Text.Json.Serialization;

namespace Engine.Server.Transport;

/// <summary>Source-generated JSON of <see cref="PeerVersions"/>.</summary>
[JsonSerializable(typeof(PeerVersions))]
internal sealed partial class PeerVersionsJsonContext : JsonSerializerContext
{
}
