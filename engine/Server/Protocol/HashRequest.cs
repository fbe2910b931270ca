using System.Text.Json.Serialization;

namespace Engine.Server.Protocol;

/// <summary>Asks for the CRC-32C of the whole backend (testing only, as in etcd).</summary>
public sealed class HashRequest
{
}
