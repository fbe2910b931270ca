using Engine.Common.IO;
using Engine.Raft;

namespace Engine.Server.Storage;

/// <summary>
/// The follower's side of a snapshot transfer: the stream is written to <c>&lt;index&gt;.snap.db.tmp</c>, its
/// length and checksum verified (<see cref="SnapshotStream"/>), the db it holds checked to be the raft point
/// the MsgSnap names, fsynced, renamed to <c>&lt;index&gt;.snap.db</c> and the directory fsynced. Only then
/// does the transport step the MsgSnap into raft. Any failure deletes the temporary file and throws.
/// Receives run one at a time (a leader's retry must not write the same temporary file as a stalled attempt).
/// </summary>
internal sealed class SnapshotReceiver(IFileSystem fs, string snapDir)
{
    private readonly SemaphoreSlim _one = new(1, 1);

    public async Task ReceiveAsync(Message message, Stream source, CancellationToken cancel)
    {
        await _one.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            await ReceiveOneAsync(message, source, cancel).ConfigureAwait(false);
        }
        finally
        {
            _one.Release();
        }
    }

    private async Task ReceiveOneAsync(Message message, Stream source, CancellationToken cancel)
    {
        var expected = message.Snapshot?.Metadata ?? throw new InvalidDataException("MsgSnap without snapshot metadata");
        string temp = SnapshotDbFiles.TempPathOf(snapDir, expected.Index);
        string from = message.From.ToString("x", System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            using (var file = fs.Open(temp, create: true))
            {
                file.SetLength(0);
                await SnapshotStream.ReadAsync(source, (offset, bytes) => file.Write(offset, bytes.Span), cancel).ConfigureAwait(false);
                file.Sync();
            }

            var held = SnapshotSender.MetadataOf(fs, temp);
            if (held.Index != expected.Index || held.Term != expected.Term)
            {
                throw new InvalidDataException($"the received db holds index {held.Index} term {held.Term}, the MsgSnap names index {expected.Index} term {expected.Term}");
            }

            fs.Rename(temp, SnapshotDbFiles.PathOf(snapDir, expected.Index));
            fs.SyncDirectory(snapDir);
        }
        catch
        {
            Observability.ServerMetrics.SnapshotReceiveFailures.WithLabels(from).Inc();
            if (fs.FileExists(temp))
            {
                fs.DeleteFile(temp);
            }

            throw;
        }

        Observability.ServerMetrics.SnapshotReceiveSuccess.WithLabels(from).Inc();
    }
}
