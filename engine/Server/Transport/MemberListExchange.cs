using System.Buffers.Binary;
using System.Text.Json;
using Engine.Membership;

namespace Engine.Server.Transport;

/// <summary>
/// How a member started with <c>--initial-cluster-state existing</c> learns the cluster it joins (etcd's
/// GetClusterFromRemotePeers): it asks a peer over a members stream for the cluster id and the member
/// list (answer: u64 cluster id, u32 count, then per member u32 length + member JSON).
/// </summary>
public static class MemberListExchange
{
    private const int MaxMembers = 1024;
    private const int MaxMemberBytes = 64 * 1024;

    /// <summary>The cluster id and members as the member at <paramref name="peerUrl"/> knows them.</summary>
    public static async Task<(ulong ClusterId, List<MemberRecord> Members)> FetchAsync(string peerUrl, Security.TlsEndpoint? tls, CancellationToken cancel)
    {
        await using var stream = await PeerSockets.OpenAsync(peerUrl, tls, cancel).ConfigureAwait(false);
        var asker = new PeerTransportOptions
        {
            ClusterId = 0, MemberId = 0, ListenUrl = peerUrl, ResolvePeerUrl = _ => null, Deliver = _ => { },
            ReportUnreachable = _ => { }, ReportSnapshot = (_, _) => { },
        };
        await PeerSockets.HandshakeAsync(stream, PeerStreamKind.Members, asker, 0, cancel).ConfigureAwait(false);
        byte[] head = new byte[12];
        await stream.ReadExactlyAsync(head, cancel).ConfigureAwait(false);
        ulong clusterId = BinaryPrimitives.ReadUInt64LittleEndian(head);
        int count = BinaryPrimitives.ReadInt32LittleEndian(head.AsSpan(8));
        if (count is < 0 or > MaxMembers)
        {
            throw new InvalidDataException($"member list of {count} entries");
        }

        var members = new List<MemberRecord>(count);
        byte[] length = new byte[4];
        for (int i = 0; i < count; i++)
        {
            await stream.ReadExactlyAsync(length, cancel).ConfigureAwait(false);
            int size = BinaryPrimitives.ReadInt32LittleEndian(length);
            if (size is <= 0 or > MaxMemberBytes)
            {
                throw new InvalidDataException($"member entry of {size} bytes");
            }

            byte[] json = new byte[size];
            await stream.ReadExactlyAsync(json, cancel).ConfigureAwait(false);
            members.Add(JsonSerializer.Deserialize(json, MemberRecordJsonContext.Default.MemberRecord)
                ?? throw new InvalidDataException("empty member entry"));
        }

        return (clusterId, members);
    }

    internal static async Task WriteAsync(Stream stream, ulong clusterId, IReadOnlyList<MemberRecord> members, CancellationToken cancel)
    {
        using var buffer = new MemoryStream();
        byte[] head = new byte[12];
        BinaryPrimitives.WriteUInt64LittleEndian(head, clusterId);
        BinaryPrimitives.WriteInt32LittleEndian(head.AsSpan(8), members.Count);
        buffer.Write(head);
        foreach (var member in members)
        {
            byte[] json = JsonSerializer.SerializeToUtf8Bytes(member, MemberRecordJsonContext.Default.MemberRecord);
            byte[] length = new byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(length, json.Length);
            buffer.Write(length);
            buffer.Write(json);
        }

        await stream.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancel).ConfigureAwait(false);
    }
}
