using System.Text.Json;
using System.Text.Json.Serialization;
using Engine.Protocol;

namespace Engine.Server.Entries;

/// <summary>
/// Encodes a <see cref="RaftRequest"/> into a raft entry's data and back. New entries use the compact
/// binary format of FORMAT.md (a format byte, a kind byte, the request id, then the one request);
/// entries whose first byte is <c>{</c> are the JSON written by earlier builds and still decode.
/// </summary>
public static class RaftRequestCodec
{
    /// <summary>The first byte of a binary (version 1) entry; JSON entries start with <c>{</c>.</summary>
    public const byte BinaryV1 = 0xB1;

    private const byte JsonStart = (byte)'{';

    [ThreadStatic]
    private static RequestBinaryWriter? _scratch;

    public static byte[] Encode(RaftRequest request)
    {
        var writer = _scratch ??= new RequestBinaryWriter(512);
        writer.Reset();
        if (!RaftRequestBinary.TryWrite(writer, request))
        {
            return EncodeJson(request);
        }

        byte[] data = writer.ToArray();
        if (writer.Length > 64 * 1024)
        {
            _scratch = null; // do not keep a huge txn's buffer alive on this thread
        }

        return data;
    }

    public static RaftRequest Decode(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            throw new InvalidDataException("empty raft request");
        }

        return data[0] switch
        {
            BinaryV1 => RaftRequestBinary.Read(data),
            JsonStart => DecodeJson(data),
            _ => throw new InvalidDataException($"raft request: unknown format byte 0x{data[0]:x2}"),
        };
    }

    /// <summary>The JSON form (earlier builds' entries; still used for a request with more than one field set).</summary>
    public static byte[] EncodeJson(RaftRequest request) =>
        JsonSerializer.SerializeToUtf8Bytes(request, RaftRequestJsonContext.Default.RaftRequest);

    private static RaftRequest DecodeJson(ReadOnlySpan<byte> data) =>
        JsonSerializer.Deserialize(data, RaftRequestJsonContext.Default.RaftRequest)
        ?? throw new InvalidDataException("empty raft request");
}

/// <summary>The serializer context of <see cref="RaftRequest"/>.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault)]
[JsonSerializable(typeof(RaftRequest))]
internal sealed partial class RaftRequestJsonContext : JsonSerializerContext
{
}
