using System.Text.Json;
using Engine.Common.IO;
using Engine.Membership;
using Engine.Membership.Versions;
using Engine.Mvcc;
using Engine.Mvcc.Lease;
using Engine.Mvcc.Storage;
using Engine.Raft;
using Engine.Server.State;
using Engine.Server.Raft;
using Engine.Server.Storage;
using Engine.Storage.Backend;
using Engine.Storage.Schema;
using Engine.Wal;

namespace Engine.Server.Bootstrap;

/// <summary>
/// Start-up: a fresh data dir bootstraps the cluster from <c>--initial-cluster</c> (ids derived as etcd's,
/// one AddNode conf change per member); an existing one recovers: the db's consistent index says what
/// is applied, the newest snapshot record at or below it says where WAL replay starts, and raft's log
/// is rebuilt from the replay, starting after the db's index (see <see cref="RecoveryPointOf"/>).
/// </summary>
internal static class ServerBootstrap
{
    /// <summary>
    /// Opens the data dir for a member running <paramref name="serverVersion"/> (null: no version check, offline
    /// use). A data dir whose cluster version is above that version's major.minor is refused (etcd #13405).
    /// </summary>
    public static ServerParts Open(ServerOptions options, IFileSystem fs, SemanticVersion? serverVersion = null)
    {
        string memberDir = Path.Combine(options.DataDir, "member");
        string snapDir = Path.Combine(memberDir, "snap");
        string walDir = Path.Combine(memberDir, "wal");
        foreach (string dir in new[] { options.DataDir, memberDir, snapDir, walDir })
        {
            fs.CreateDirectory(dir);
        }

        StartupTrace.Mark("directories ready");
        var backend = Backend.Open(fs, Path.Combine(snapDir, "db"), BackendOptionsFor(options));
        StartupTrace.Mark("db opened");
        bool recovering = WriteAheadLog.Exists(fs, walDir);
        if (recovering)
        {
            try
            {
                backend = InstallReceivedSnapshot(options, fs, backend, snapDir, walDir);
                RefuseOlderServer(backend, serverVersion, options.DataDir);
            }
            catch
            {
                backend.Dispose();
                throw;
            }
        }

        // The store (lessor and key index, rebuilt from the db) and the WAL (created, or opened and replayed) touch
        // different files: build the first on another core while this thread does the second.
        var store = Task.Run(() => OpenStore(options, backend));
        try
        {
            return recovering
                ? Recover(options, fs, backend, store, snapDir, walDir)
                : options.InitialClusterState == "existing" ? Join(options, fs, backend, store, snapDir, walDir, serverVersion) : Bootstrap(options, fs, backend, store, snapDir, walDir);
        }
        catch
        {
            try
            {
                var (_, kv) = store.GetAwaiter().GetResult();
                kv.Dispose();
            }
            catch (Exception)
            {
                // the store failed too; the WAL's error is the one reported
            }

            backend.Dispose();
            throw;
        }
    }

    /// <summary>etcd's MustDetectDowngrade at start: admission depends only on the cluster version in the db.</summary>
    private static void RefuseOlderServer(Backend backend, SemanticVersion? serverVersion, string dataDir)
    {
        if (serverVersion is SemanticVersion server && VersionAdmission.Check(server, ClusterVersionStore.Load(backend).ClusterVersion) is string refusal)
        {
            throw new ServerStartRefusedException($"{refusal}; data dir {dataDir}");
        }
    }

    private static (Lessor Lessor, KvStore Kv) OpenStore(ServerOptions options, Backend backend)
    {
        var (lessor, kv) = MemberState.OpenStore(options, backend);
        StartupTrace.Mark($"key index rebuilt ({kv.IndexedKeyCount} keys)");
        return (lessor, kv);
    }

    /// <summary>The backend options of the member's db (also used when a leader's snapshot replaces it).</summary>
    public static BackendOptions BackendOptionsFor(ServerOptions options) => new() { QuotaBytes = options.QuotaBackendBytes };

    /// <summary>
    /// etcd's RecoverSnapshotBackend: a crash between raft persisting a leader's snapshot (its WAL marker) and
    /// the db swap leaves the received <c>&lt;index&gt;.snap.db</c> newer than the db. When the WAL holds the
    /// marker of that db's (index, term), the record is saved and the file moved over the db before the WAL is
    /// replayed from it; a received db raft never accepted stays unused. Stale files are removed.
    /// </summary>
    private static Backend InstallReceivedSnapshot(ServerOptions options, IFileSystem fs, Backend backend, string snapDir, string walDir)
    {
        ulong applied = backend.ReadAppliedState().ConsistentIndex;
        foreach (ulong index in Enumerable.Reverse(SnapshotDbFiles.Received(fs, snapDir)).Where(i => i > applied))
        {
            var metadata = SnapshotSender.MetadataOf(fs, SnapshotDbFiles.PathOf(snapDir, index));
            if (metadata.Index != index || !WalHasMarker(fs, walDir, metadata))
            {
                continue;
            }

            new SnapshotRecordStore(fs, snapDir).Save(metadata.Index, metadata.Term, metadata.ConfState);
            backend.Dispose();
            string dbPath = Path.Combine(snapDir, "db");
            SnapshotDbFiles.MoveIntoPlace(fs, snapDir, index, dbPath);
            backend = Backend.Open(fs, dbPath, BackendOptionsFor(options));
            Console.Error.WriteLine($"{{\"level\":\"info\",\"msg\":\"installed the leader snapshot received before a restart\",\"index\":{index}}}");
            break;
        }

        SnapshotDbFiles.RemoveStale(fs, snapDir, backend.ReadAppliedState().ConsistentIndex, startingUp: true);
        return backend;
    }

    private static bool WalHasMarker(IFileSystem fs, string walDir, SnapshotMetadata metadata)
    {
        try
        {
            using var replay = WriteAheadLog.ReadAll(fs, walDir, metadata.Index, metadata.Term);
            return true;
        }
        catch (WalSnapshotNotFoundException)
        {
            return false;
        }
    }

    private static ServerParts Bootstrap(ServerOptions options, IFileSystem fs, Backend backend, Task<(Lessor, KvStore)> store, string snapDir, string walDir)
    {
        var cluster = InitialCluster.TryParse(options.EffectiveInitialCluster, out string? error)
            ?? throw new ArgumentException(error);
        var members = cluster.WithIds(options.InitialClusterToken);
        var self = members.FirstOrDefault(m => m.Name == options.Name);
        if (self.Name is null)
        {
            throw new ArgumentException($"--initial-cluster has no member named '{options.Name}'");
        }

        ulong clusterId = MemberIdentity.ComputeClusterId(members.Select(m => m.Id));
        var wal = WriteAheadLog.Create(fs, walDir, new WalMetadata(self.Id, clusterId), WalOptionsFor(options));
        StartupTrace.Mark("WAL created");
        var storage = new MemoryStorage();
        var peers = members.Select(m => new Peer(m.Id, JsonSerializer.SerializeToUtf8Bytes(
            new MemberRecord { Id = m.Id, Name = m.Name, PeerUrls = [.. m.PeerUrls] }, // client URLs are published through raft once started
            MemberRecordJsonContext.Default.MemberRecord))).ToList();
        var node = new RawNode(RaftConfigFor(options, self.Id, storage, applied: 0));
        node.Bootstrap(peers);
        // The bootstrap conf changes are already in raft's configuration: a lone voter may campaign at once.
        return Assemble(options, fs, backend, store, wal, storage, node, self.Id, clusterId, snapDir, applied: (0, 0), new ConfState(members.Select(m => m.Id)));
    }

    /// <summary>A member added by <c>member add</c>: its id and the cluster id come from the running members; its log starts empty and the leader fills it.</summary>
    private static ServerParts Join(ServerOptions options, IFileSystem fs, Backend backend, Task<(Lessor, KvStore)> store, string snapDir, string walDir,
        SemanticVersion? serverVersion)
    {
        var (clusterId, memberId) = Engine.Server.Transport.ClusterJoin.Discover(options, serverVersion);
        var wal = WriteAheadLog.Create(fs, walDir, new WalMetadata(memberId, clusterId), WalOptionsFor(options));
        var storage = new MemoryStorage();
        var node = new RawNode(RaftConfigFor(options, memberId, storage, applied: 0));
        return Assemble(options, fs, backend, store, wal, storage, node, memberId, clusterId, snapDir, applied: (0, 0), ConfState.Empty);
    }

    private static ServerParts Recover(ServerOptions options, IFileSystem fs, Backend backend, Task<(Lessor, KvStore)> store, string snapDir, string walDir)
    {
        var applied = backend.ReadAppliedState();
        var snapshots = new SnapshotRecordStore(fs, snapDir);
        var record = snapshots.Newest(applied.ConsistentIndex);
        ulong markerIndex = record?.Index ?? 0;
        ulong markerTerm = record?.Term ?? 0;
        var wal = WriteAheadLog.Open(fs, walDir, markerIndex, markerTerm, out var replay, WalOptionsFor(options));
        StartupTrace.Mark("WAL opened and replayed");
        try
        {
            var storage = new MemoryStorage();
            RecoveryPoint start;
            using (replay)
            {
                start = RecoveryPointOf(applied, new RecoveryPoint(markerIndex, markerTerm, record?.ConfState ?? ConfState.Empty), replay);
                if (start.Index > 0)
                {
                    storage.ApplySnapshot(new Snapshot(new SnapshotMetadata(start.Index, start.Term, start.ConfState), ReadOnlyMemory<byte>.Empty));
                }

                var tail = replay.Entries;
                int skipped = checked((int)(start.Index - markerIndex));
                var entries = new List<Entry>(tail.Count - skipped);
                for (int i = skipped; i < tail.Count; i++)
                {
                    entries.Add(RaftEntryPayload.ToEntry(tail[i]));
                }

                var hardState = replay.HardState is WalHardState hs ? new HardState(hs.Term, hs.Vote, hs.Commit) : (HardState?)null;
                if (options.ForceNewCluster)
                {
                    (entries, hardState) = ForceNewClusterLog(wal, start, entries, hardState ?? new HardState(start.Term, 0, start.Index));
                }

                if (entries.Count > 0)
                {
                    storage.Append(entries);
                }

                if (hardState is HardState state)
                {
                    storage.SetHardState(state);
                }
            }

            StartupTrace.Mark($"raft log rebuilt from index {start.Index} (snapshot record {markerIndex})");
            ulong memberId = wal.Metadata.MemberId;
            var node = new RawNode(RaftConfigFor(options, memberId, storage, applied: start.Index));
            return Assemble(options, fs, backend, store, wal, storage, node, memberId, wal.Metadata.ClusterId, snapDir,
                (applied.ConsistentIndex, applied.Term), start.ConfState);
        }
        catch
        {
            wal.Dispose();
            throw;
        }
    }

    /// <summary>
    /// --force-new-cluster: drops the uncommitted tail and commits this member's removal of every other member
    /// (<see cref="Recovery.ForceNewCluster"/>); the new entries and hard state are durable before raft starts.
    /// </summary>
    private static (List<Entry> Entries, HardState? HardState) ForceNewClusterLog(WriteAheadLog wal, RecoveryPoint start, List<Entry> entries, HardState hardState)
    {
        var result = Recovery.ForceNewCluster.Rewrite(start.ConfState, entries, hardState, start.Index, wal.Metadata.MemberId);
        var state = result.HardState;
        wal.Save(new WalHardState(state.Term, state.Vote, state.Commit), new RaftEntryPayload.EntrySource(result.Appended));
        Console.Error.WriteLine($"{{\"level\":\"warn\",\"msg\":\"--force-new-cluster: forcing this member to restart as a one-member cluster; uncommitted entries discarded and the other members removed\"," +
            $"\"local-member-id\":\"{wal.Metadata.MemberId:x}\",\"removed-members\":[{string.Join(",", result.Removed.Select(id => $"\"{id:x}\""))}],\"commit-index\":{state.Commit}}}");
        return ([.. result.Entries], state);
    }

    /// <summary>Where raft's log starts after a restart: an index, its term and the configuration in force there.</summary>
    internal readonly record struct RecoveryPoint(ulong Index, ulong Term, ConfState ConfState);

    /// <summary>
    /// The db is a complete point in time: its consistent index, term and conf state are committed with the data.
    /// Raft's log can start there (as if a snapshot had been taken at it) instead of at the newest snapshot record,
    /// so the entries the db already holds are neither decoded nor handed to the applier again. That holds only
    /// when the WAL agrees: the entry at the db's index is in the replayed tail with the db's term, and the hard
    /// state's commit covers it (raft refuses a snapshot above its commit). Otherwise the snapshot record's point.
    /// </summary>
    internal static RecoveryPoint RecoveryPointOf(AppliedState applied, RecoveryPoint marker, WalReplay replay)
    {
        ulong index = applied.ConsistentIndex;
        if (index <= marker.Index || applied.ConfState.Length == 0 || replay.HardState is not WalHardState hs || hs.Commit < index)
        {
            return marker;
        }

        ulong position = index - marker.Index - 1;
        if (position >= (ulong)replay.Entries.Count)
        {
            return marker;
        }

        var entry = replay.Entries[(int)position];
        if (entry.Index != index || entry.Term != applied.Term)
        {
            return marker;
        }

        var conf = ConfStateCodec.Decode(applied.ConfState);
        return new RecoveryPoint(index, entry.Term, new ConfState(conf.Voters, conf.Learners));
    }

    private static ServerParts Assemble(ServerOptions options, IFileSystem fs, Backend backend, Task<(Lessor, KvStore)> store, WriteAheadLog wal, MemoryStorage storage,
        RawNode node, ulong memberId, ulong clusterId, string snapDir, (ulong Index, ulong Term) applied, ConfState confState)
    {
        var (lessor, kv) = store.GetAwaiter().GetResult();
        var state = new MemberState(backend, kv, lessor, MemberRegistry.Load(backend), ClusterVersionStore.Load(backend), AlarmStore.Load(backend), options.MaxRequestBytes);
        return new ServerParts
        {
            MemberId = memberId, ClusterId = clusterId, State = state, Wal = wal,
            Snapshots = new SnapshotRecordStore(fs, snapDir), Node = node, Storage = storage, AppliedIndex = applied.Index,
            AppliedTerm = applied.Term, ConfState = ConfStateOf(backend) is { IsEmpty: false } inDb ? inDb : confState,
        };
    }

    private static ConfState ConfStateOf(Backend backend)
    {
        byte[] bytes = backend.ReadAppliedState().ConfState;
        if (bytes.Length == 0)
        {
            return ConfState.Empty;
        }

        var record = ConfStateCodec.Decode(bytes);
        return new ConfState(record.Voters, record.Learners);
    }

    private static RaftConfig RaftConfigFor(ServerOptions options, ulong id, MemoryStorage storage, ulong applied) => new()
    {
        Id = id,
        ElectionTick = Math.Max(2, options.ElectionTimeoutMs / options.HeartbeatIntervalMs),
        HeartbeatTick = 1,
        LogStorage = storage,
        StateStorage = storage,
        Applied = applied,
        CheckQuorum = true,
        PreVote = true,
        Random = new Random(unchecked((int)id) ^ Environment.TickCount),
    };

    private static WalOptions WalOptionsFor(ServerOptions options) => new() { SegmentBytes = options.WalSegmentBytes };
}
