using System.Text.Json.Serialization;

namespace Engine.Server.Protocol;

/// <summary>Defragments this member's db file (member-local, not replicated).</summary>
public sealed class DefragmentRequest
{
}
