using Engine.Raft;
using Engine.Server.State;
using Engine.Server.Storage;
using Engine.Wal;

namespace Engine.Server.Bootstrap;

/// <summary>Everything <see cref="ServerBootstrap"/> opened or created, handed to the server's constructor.</summary>
internal sealed class ServerParts
{
    public required ulong MemberId { get; init; }
    public required ulong ClusterId { get; init; }
    public required MemberState State { get; init; }
    public required WriteAheadLog Wal { get; init; }
    public required SnapshotRecordStore Snapshots { get; init; }
    public required RawNode Node { get; init; }
    public required MemoryStorage Storage { get; init; }
    public required ulong AppliedIndex { get; init; }
    public required ulong AppliedTerm { get; init; }
    public required ConfState ConfState { get; init; }
}
