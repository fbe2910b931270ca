namespace Engine.Raft;

/// <summary>Raft message types, numbered as etcd's raftpb.MessageType.</summary>
public enum MessageType : byte
{
    /// <summary>Local: start an election.</summary>
    MsgHup = 0,
    /// <summary>Local: the leader should send heartbeats.</summary>
    MsgBeat = 1,
    /// <summary>A proposal (local, or forwarded from a follower to the leader).</summary>
    MsgProp = 2,
    MsgApp = 3,
    MsgAppResp = 4,
    MsgVote = 5,
    MsgVoteResp = 6,
    MsgSnap = 7,
    MsgHeartbeat = 8,
    MsgHeartbeatResp = 9,
    /// <summary>Local: the transport could not reach a peer.</summary>
    MsgUnreachable = 10,
    /// <summary>Local: the outcome of sending a snapshot.</summary>
    MsgSnapStatus = 11,
    /// <summary>Local: the leader checks it still hears from a quorum.</summary>
    MsgCheckQuorum = 12,
    MsgTransferLeader = 13,
    MsgTimeoutNow = 14,
    MsgReadIndex = 15,
    MsgReadIndexResp = 16,
    MsgPreVote = 17,
    MsgPreVoteResp = 18,
}
