using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>Asks for the CRC-32C of the whole backend (testing only, as in etcd).</summary>
public sealed class HashRequest
{
}
