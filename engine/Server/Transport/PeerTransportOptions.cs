using Engine.Raft;

namespace Engine.Server.Transport;

/// <summary>
/// What a <see cref="PeerTransport"/> needs from its member: its identity, where to listen, how to find a
/// peer's address, and where received messages and delivery failures go (all callbacks must not block).
/// </summary>
public sealed class PeerTransportOptions
{
    /// <summary>The cluster id both ends of a connection must share (checked in the handshake).</summary>
    public required ulong ClusterId { get; init; }

    /// <summary>This member's id (sent in the handshake; inbound connections must be addressed to it).</summary>
    public required ulong MemberId { get; init; }

    /// <summary>The peer URL to listen on (<c>http://host:port</c>; only host and port are used). Port 0 picks a free port.</summary>
    public required string ListenUrl { get; init; }

    /// <summary>
    /// Peer TLS (the https:// peer URLs): every connection, inbound and outbound, is wrapped in TLS with it; null
    /// means plain TCP (http:// peer URLs).
    /// </summary>
    public Security.TlsEndpoint? Tls { get; init; }

    /// <summary>The peer URL of a member, or null when it is unknown (asked again before every connection attempt).</summary>
    public required Func<ulong, string?> ResolvePeerUrl { get; init; }

    /// <summary>True for a member removed from the cluster: it is never dialled and its connections are refused.</summary>
    public Func<ulong, bool> IsRemoved { get; init; } = _ => false;

    /// <summary>A message received from a peer (already checked: it comes from the handshaken sender, to this member).</summary>
    public required Action<Message> Deliver { get; init; }

    /// <summary>A message to this peer was dropped (queue full or not connected): raft should probe it.</summary>
    public required Action<ulong> ReportUnreachable { get; init; }

    /// <summary>The outcome of sending a snapshot to a peer.</summary>
    public required Action<ulong, SnapshotStatus> ReportSnapshot { get; init; }

    /// <summary>
    /// Prepares a snapshot for a peer from raft's MsgSnap: the returned MsgSnap (whose metadata may be newer than
    /// raft's, etcd's merged snapshot) is sent first, then its data. Null: MsgSnap is refused and reported as failed.
    /// </summary>
    public Func<Message, CancellationToken, Task<OutgoingSnapshot>>? SendSnapshot { get; init; }

    /// <summary>Receives a snapshot stream that came with <paramref name="message"/>; returns once it is installed.</summary>
    public Func<Message, Stream, CancellationToken, Task>? ReceiveSnapshot { get; init; }

    /// <summary>The current members, answered to a joining member's member-list request (null: an empty list).</summary>
    public Func<IReadOnlyList<Engine.Membership.MemberRecord>>? Members { get; init; }

    /// <summary>This member's versions, answered to a versions request (null: an empty answer, versions unknown).</summary>
    public Func<PeerVersions>? Versions { get; init; }

    /// <summary>
    /// A lone member defers binding its peer URL until raft first sends to a peer (a member was added), so
    /// single-member servers do not hold the peer port they never use.
    /// </summary>
    public bool ListenOnFirstSend { get; init; }

    /// <summary>Messages queued per peer before new ones are dropped.</summary>
    public int QueueCapacity { get; init; } = 4096;

    /// <summary>First wait before redialling a peer; doubled per failure up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(50);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Diagnostics (connection refused, peer lost); may be null.</summary>
    public Action<string>? Log { get; init; }
}
