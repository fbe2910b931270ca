using Engine.Common.IO;
using Engine.Raft;
using Engine.Server.Transport;
using Engine.Storage.Backend;
using Engine.Storage.Schema;

namespace Engine.Server.Storage;

/// <summary>
/// The leader's side of a snapshot transfer (etcd's createMergedSnapshotMessage): a consistent copy of the db is
/// written to a temporary file under a read transaction (writers go on), its own applied index, term and conf
/// state become the MsgSnap's metadata (the copy is usually newer than raft's snapshot, and the follower resumes
/// from what the copy holds), and the copy is streamed in <see cref="SnapshotStream"/>'s format, then deleted.
/// Runs on the transport's snapshot task, never on the raft loop.
/// </summary>
internal sealed class SnapshotSender(IFileSystem fs, string snapDir, Func<Backend> backend)
{
    private long _sequence;

    public Task<OutgoingSnapshot> PrepareAsync(Message message, CancellationToken cancel) => Task.Run(() => Prepare(message), cancel);

    private OutgoingSnapshot Prepare(Message message)
    {
        string copy = Path.Combine(snapDir, $"{SnapshotDbFiles.SendPrefix}{message.To:x16}-{Interlocked.Increment(ref _sequence)}.tmp");
        try
        {
            using (var file = new FileStream(copy, FileMode.Create, FileAccess.Write, FileShare.Read))
            {
                backend().Snapshot(file);
            }

            var metadata = MetadataOf(fs, copy);
            var merged = message.Clone();
            merged.Snapshot = new Snapshot(metadata, ReadOnlyMemory<byte>.Empty);
            return new OutgoingSnapshot(merged, (destination, cancel) => StreamAsync(copy, destination, cancel), () => File.Delete(copy));
        }
        catch
        {
            File.Delete(copy);
            throw;
        }
    }

    /// <summary>The raft point in time a db file holds: its consistent index, term and conf state.</summary>
    public static SnapshotMetadata MetadataOf(IFileSystem fs, string dbPath)
    {
        AppliedState applied;
        using (var db = Backend.Open(fs, dbPath, new BackendOptions { BatchInterval = Timeout.InfiniteTimeSpan }))
        {
            applied = db.ReadAppliedState();
        }

        if (applied.ConsistentIndex == 0 || applied.ConfState.Length == 0)
        {
            throw new InvalidOperationException($"the db copy {dbPath} holds no applied raft state (index {applied.ConsistentIndex})");
        }

        var conf = ConfStateCodec.Decode(applied.ConfState);
        return new SnapshotMetadata(applied.ConsistentIndex, applied.Term, new ConfState(conf.Voters, conf.Learners));
    }

    private static async Task StreamAsync(string copy, Stream destination, CancellationToken cancel)
    {
        await using var source = new FileStream(copy, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, useAsync: false);
        await SnapshotStream.WriteAsync(source, destination, cancel).ConfigureAwait(false);
    }
}
