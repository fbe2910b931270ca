using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>Asks a member for its status (etcdserverpb.StatusRequest).</summary>
public sealed class StatusRequest
{
}
