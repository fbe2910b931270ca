using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>Asks for a stream of the db file.</summary>
public sealed class SnapshotRequest
{
}
