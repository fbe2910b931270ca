using System.Buffers.Binary;

namespace Engine.Server.Transport;

/// <summary>
/// The first bytes of every peer connection (see PROTOCOL.md): magic, version, stream kind, cluster id,
/// sender id, receiver id; answered by one status byte. A member of another cluster, a removed member,
/// or a connection meant for another member id is refused before any raft message is read.
/// </summary>
internal static class PeerHandshake
{
    public const int Size = 4 + 1 + 1 + 8 + 8 + 8;
    public const byte Version = 1;
    private const uint Magic = 0x50474E45; // "ENGP" little-endian

    public static void Write(Span<byte> destination, PeerStreamKind kind, ulong clusterId, ulong from, ulong to)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, Magic);
        destination[4] = Version;
        destination[5] = (byte)kind;
        BinaryPrimitives.WriteUInt64LittleEndian(destination[6..], clusterId);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[14..], from);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[22..], to);
    }

    /// <summary>Parses a handshake; false when the bytes are not one (wrong magic, version or kind).</summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out PeerStreamKind kind, out ulong clusterId, out ulong from, out ulong to)
    {
        kind = (PeerStreamKind)source[5];
        clusterId = BinaryPrimitives.ReadUInt64LittleEndian(source[6..]);
        from = BinaryPrimitives.ReadUInt64LittleEndian(source[14..]);
        to = BinaryPrimitives.ReadUInt64LittleEndian(source[22..]);
        return BinaryPrimitives.ReadUInt32LittleEndian(source) == Magic && source[4] == Version
            && kind is PeerStreamKind.Messages or PeerStreamKind.Snapshot or PeerStreamKind.Members or PeerStreamKind.Versions;
    }

    /// <summary>What the receiving member answers to a handshake.</summary>
    public static HandshakeStatus Check(PeerStreamKind kind, ulong clusterId, ulong from, ulong to, PeerTransportOptions self)
    {
        if (kind is PeerStreamKind.Members or PeerStreamKind.Versions)
        {
            return HandshakeStatus.Accepted;
        }

        if (clusterId != self.ClusterId)
        {
            return HandshakeStatus.ClusterMismatch;
        }

        if (to != self.MemberId)
        {
            return HandshakeStatus.WrongMember;
        }

        return self.IsRemoved(from) ? HandshakeStatus.MemberRemoved : HandshakeStatus.Accepted;
    }
}
