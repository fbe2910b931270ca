namespace Engine.Server.Transport;

/// <summary>What a peer connection carries after its handshake.</summary>
internal enum PeerStreamKind : byte
{
    /// <summary>Length-prefixed raft messages, one direction (dialler to listener).</summary>
    Messages = 1,

    /// <summary>One MsgSnap frame followed by the compressed snapshot stream; answered by one status byte.</summary>
    Snapshot = 2,

    /// <summary>A joining member asks for the cluster id and member list (no cluster id or member id known yet).</summary>
    Members = 3,

    /// <summary>Asks a member for its server and cluster versions (etcd's peer <c>/version</c>).</summary>
    Versions = 4,
}
