using System.Text.Json;
using System.Text.Json.Serialization;

namespace Engine.Server.Apply;

/// <summary>Encodes a <see cref="RaftRequest"/> into a raft entry's data and back (source-generated JSON, no reflection).</summary>
public static class RaftRequestCodec
{
    public static byte[] Encode(RaftRequest request) =>
        JsonSerializer.SerializeToUtf8Bytes(request, RaftRequestJsonContext.Default.RaftRequest);

    public static RaftRequest Decode(ReadOnlySpan<byte> data) =>
        JsonSerializer.Deserialize(data, RaftRequestJsonContext.Default.RaftRequest)
        ?? throw new InvalidDataException("empty raft request");
}

/// <summary>The serializer context of <see cref="RaftRequest"/>.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault)]
[JsonSerializable(typeof(RaftRequest))]
internal sealed partial class RaftRequestJsonContext : JsonSerializerContext
{
}
