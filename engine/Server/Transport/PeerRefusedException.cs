namespace Engine.Server.Transport;

/// <summary>A peer answered the handshake with a refusal (other cluster, removed member, wrong member id).</summary>
public sealed class PeerRefusedException(HandshakeStatus status)
    : Exception(status switch
    {
        HandshakeStatus.ClusterMismatch => "the peer belongs to a different cluster (cluster id mismatch)",
        HandshakeStatus.MemberRemoved => "this member was removed from the cluster",
        HandshakeStatus.WrongMember => "the peer is not the member this connection was addressed to",
        _ => $"handshake refused ({status})",
    })
{
    public HandshakeStatus Status { get; } = status;
}
