namespace Engine.Server.Transport;

/// <summary>The listener's one-byte answer to a peer handshake.</summary>
public enum HandshakeStatus : byte
{
    Accepted = 0,
    ClusterMismatch = 1,
    MemberRemoved = 2,
    WrongMember = 3,
    Malformed = 4,
}
