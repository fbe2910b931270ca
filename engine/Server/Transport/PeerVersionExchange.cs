using System.Buffers.Binary;
using System.Text.Json;

namespace Engine.Server.Transport;

/// <summary>
/// etcd's peer <c>/version</c> over the peer transport: a versions stream (kind 4) whose answer, after the
/// accept byte, is <c>u32 length</c> + the JSON of <see cref="PeerVersions"/> (length 0: not known). Used by
/// the version monitor (every member's server version) and by a joining member (the cluster version).
/// </summary>
public static class PeerVersionExchange
{
    private const int MaxAnswerBytes = 4096;

    /// <summary>The versions the member at <paramref name="peerUrl"/> reports, or null when it does not know them yet.</summary>
    public static async Task<PeerVersions?> FetchAsync(string peerUrl, Security.TlsEndpoint? tls, CancellationToken cancel)
    {
        await using var stream = await PeerSockets.OpenAsync(peerUrl, tls, cancel).ConfigureAwait(false);
        var asker = new PeerTransportOptions
        {
            ClusterId = 0, MemberId = 0, ListenUrl = peerUrl, ResolvePeerUrl = _ => null, Deliver = _ => { },
            ReportUnreachable = _ => { }, ReportSnapshot = (_, _) => { },
        };
        await PeerSockets.HandshakeAsync(stream, PeerStreamKind.Versions, asker, 0, cancel).ConfigureAwait(false);
        byte[] length = new byte[4];
        await stream.ReadExactlyAsync(length, cancel).ConfigureAwait(false);
        int size = BinaryPrimitives.ReadInt32LittleEndian(length);
        if (size is < 0 or > MaxAnswerBytes)
        {
            throw new InvalidDataException($"versions answer of {size} bytes");
        }

        if (size == 0)
        {
            return null;
        }

        byte[] json = new byte[size];
        await stream.ReadExactlyAsync(json, cancel).ConfigureAwait(false);
        try
        {
            return JsonSerializer.Deserialize(json, PeerVersionsJsonContext.Default.PeerVersions);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"malformed versions answer: {e.Message}", e);
        }
    }

    internal static async Task WriteAsync(Stream stream, PeerVersions? versions, CancellationToken cancel)
    {
        byte[] json = versions is null ? [] : JsonSerializer.SerializeToUtf8Bytes(versions, PeerVersionsJsonContext.Default.PeerVersions);
        byte[] answer = new byte[4 + json.Length];
        BinaryPrimitives.WriteInt32LittleEndian(answer, json.Length);
        json.CopyTo(answer.AsSpan(4));
        await stream.WriteAsync(answer, cancel).ConfigureAwait(false);
    }
}
