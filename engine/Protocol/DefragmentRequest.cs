using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>Defragments this member's db file (member-local, not replicated).</summary>
public sealed class DefragmentRequest
{
}
