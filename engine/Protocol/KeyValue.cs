using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>One key's state at a revision (mvccpb.KeyValue).</summary>
public sealed class KeyValue
{
    [JsonPropertyName("key")]
    public byte[]? Key { get; set; }

    /// <summary>Revision of the last creation of this key.</summary>
    [JsonPropertyName("create_revision")]
    public long CreateRevision { get; set; }

    /// <summary>Revision of the last modification.</summary>
    [JsonPropertyName("mod_revision")]
    public long ModRevision { get; set; }

    /// <summary>Puts since creation; 0 after delete.</summary>
    [JsonPropertyName("version")]
    public long Version { get; set; }

    [JsonPropertyName("value")]
    public byte[]? Value { get; set; }

    /// <summary>Attached lease id; 0 for none.</summary>
    [JsonPropertyName("lease")]
    public long Lease { get; set; }
}
