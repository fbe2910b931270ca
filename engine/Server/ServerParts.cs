using Engine.Membership;
using Engine.Mvcc;
using Engine.Mvcc.Lease;
using Engine.Raft;
using Engine.Server.Apply;
using Engine.Server.Storage;
using Engine.Storage.Backend;
using Engine.Wal;

namespace Engine.Server;

/// <summary>Everything <see cref="ServerBootstrap"/> opened or created, handed to the server's constructor.</summary>
internal sealed class ServerParts
{
    public required ulong MemberId { get; init; }
    public required ulong ClusterId { get; init; }
    public required Backend Backend { get; init; }
    public required KvStore Kv { get; init; }
    public required Lessor Lessor { get; init; }
    public required object LessorGate { get; init; }
    public required MemberRegistry Members { get; init; }
    public required AlarmStore Alarms { get; init; }
    public required WriteAheadLog Wal { get; init; }
    public required SnapshotRecordStore Snapshots { get; init; }
    public required RawNode Node { get; init; }
    public required MemoryStorage Storage { get; init; }
    public required ulong AppliedIndex { get; init; }
    public required ulong AppliedTerm { get; init; }
    public required ConfState ConfState { get; init; }
}
