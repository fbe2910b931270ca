using Engine.Common.IO;
using Engine.Mvcc;
using Engine.Protocol;
using Engine.Raft;
using Engine.Server.Apply;
using Engine.Server.Storage;
using Engine.Storage.Backend;
using Engine.TestKit;

namespace Engine.Server.Tests;

/// <summary>
/// Issue 12, snapshot catch-up: the leader sends a consistent db copy whose own raft point becomes the MsgSnap's
/// metadata (etcd's createMergedSnapshotMessage); the follower keeps only a verified, durable <c>.snap.db</c>.
/// </summary>
public sealed class SnapshotTransferTests
{
    private static readonly IFileSystem Fs = PosixFileSystem.Instance;

    [Fact]
    public async Task The_MsgSnap_carries_the_index_term_and_conf_state_of_the_db_copy_not_raft_s_older_snapshot()
    {
        using var dir = new TempDir("snap-send");
        using var backend = LeaderDb(dir.File("leader.db"), index: 42, term: 3, keys: 200);
        var raftSnapshot = new Message { Type = MessageType.MsgSnap, From = 1, To = 2, Term = 3, Snapshot = new Snapshot(new SnapshotMetadata(30, 2, new ConfState([1], [])), ReadOnlyMemory<byte>.Empty) };

        using var outgoing = await new SnapshotSender(Fs, dir.Path, () => backend).PrepareAsync(raftSnapshot, default);

        Assert.Equal(42UL, outgoing.Message.Snapshot!.Metadata.Index);
        Assert.Equal(3UL, outgoing.Message.Snapshot.Metadata.Term);
        Assert.Equal([1UL, 2UL, 3UL], outgoing.Message.Snapshot.Metadata.ConfState.Voters);
        Assert.Equal(MessageType.MsgSnap, outgoing.Message.Type);
        Assert.Equal(2UL, outgoing.Message.To);
        Assert.Single(Directory.GetFiles(dir.Path, "send-*.tmp"));
        outgoing.Dispose();
        Assert.Empty(Directory.GetFiles(dir.Path, "send-*.tmp"));
        Assert.Empty(backend.Check());
    }

    [Fact]
    public async Task A_received_db_is_verified_then_renamed_to_its_index_snap_db_and_opens_as_the_leader_s_state()
    {
        using var dir = new TempDir("snap-receive");
        string follower = Directory.CreateDirectory(dir.File("follower")).FullName;
        using var backend = LeaderDb(dir.File("leader.db"), index: 42, term: 3, keys: 300);
        var (message, wire) = await Send(backend, dir.Path);

        await new SnapshotReceiver(Fs, follower).ReceiveAsync(message, new MemoryStream(wire), default);

        Assert.Equal(["000000000000002a.snap.db"], Directory.GetFiles(follower).Select(Path.GetFileName));
        using var received = Backend.Open(Fs, SnapshotDbFiles.PathOf(follower, 42));
        Assert.Equal(42UL, received.ReadAppliedState().ConsistentIndex);
        Assert.Equal(backend.Hash(), received.Hash());
        Assert.Empty(received.Check());
    }

    [Fact]
    public async Task A_stream_with_a_bad_checksum_or_cut_short_is_refused_and_leaves_nothing_behind()
    {
        using var dir = new TempDir("snap-refuse");
        string follower = Directory.CreateDirectory(dir.File("follower")).FullName;
        using var backend = LeaderDb(dir.File("leader.db"), index: 9, term: 2, keys: 100);
        var (message, wire) = await Send(backend, dir.Path);

        byte[] badChecksum = (byte[])wire.Clone();
        badChecksum[^3] ^= 0xFF;
        await Assert.ThrowsAsync<InvalidDataException>(() => new SnapshotReceiver(Fs, follower).ReceiveAsync(message, new MemoryStream(badChecksum), default));
        Assert.Empty(Directory.GetFiles(follower));

        await Assert.ThrowsAsync<InvalidDataException>(() => new SnapshotReceiver(Fs, follower).ReceiveAsync(message, new MemoryStream(wire[..(wire.Length / 2)]), default));
        Assert.Empty(Directory.GetFiles(follower));
        Assert.Empty(backend.Check());
    }

    [Fact]
    public async Task A_db_whose_raft_point_differs_from_the_MsgSnap_is_refused()
    {
        using var dir = new TempDir("snap-mismatch");
        string follower = Directory.CreateDirectory(dir.File("follower")).FullName;
        using var backend = LeaderDb(dir.File("leader.db"), index: 9, term: 2, keys: 10);
        var (message, wire) = await Send(backend, dir.Path);
        message.Snapshot = message.Snapshot! with { Metadata = message.Snapshot.Metadata with { Index = 10 } };

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => new SnapshotReceiver(Fs, follower).ReceiveAsync(message, new MemoryStream(wire), default));
        Assert.Contains("names index 10", error.Message);
        Assert.Empty(Directory.GetFiles(follower));
    }

    /// <summary>A db as a leader's apply loop leaves it: keys plus consistent index, term and conf state {1,2,3}.</summary>
    private static Backend LeaderDb(string path, ulong index, ulong term, int keys)
    {
        var backend = Backend.Open(Fs, path);
        using var kv = new KvStore(backend);
        using (var txn = kv.BeginWrite())
        {
            for (int i = 0; i < keys; i++)
            {
                txn.Put(new PutRequest { Key = System.Text.Encoding.UTF8.GetBytes($"key-{i:d5}"), Value = new byte[100] });
            }

            txn.End(index, term, Applier.EncodeConfState(new ConfState([1, 2, 3], [])));
        }

        backend.ForceCommit();
        return backend;
    }

    private static async Task<(Message Message, byte[] Wire)> Send(Backend backend, string scratch)
    {
        var message = new Message { Type = MessageType.MsgSnap, From = 1, To = 2, Term = 3, Snapshot = new Snapshot(new SnapshotMetadata(5, 1, new ConfState([1], [])), ReadOnlyMemory<byte>.Empty) };
        using var outgoing = await new SnapshotSender(Fs, scratch, () => backend).PrepareAsync(message, default);
        using var wire = new MemoryStream();
        await outgoing.WriteAsync(wire, default);
        return (outgoing.Message, wire.ToArray());
    }
}
