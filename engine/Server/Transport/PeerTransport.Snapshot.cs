using System.IO.Pipelines;
using System.Net.Sockets;
using Engine.Raft;

namespace Engine.Server.Transport;

/// <summary>MsgSnap and its data: one connection per snapshot, answered by the receiver once it installed it.</summary>
public sealed partial class PeerTransport
{
    private static readonly TimeSpan SnapshotTimeout = TimeSpan.FromMinutes(10);

    private async Task SendSnapshotAsync(Message message)
    {
        ulong peerId = message.To;
        bool installed = false;
        try
        {
            if (_options.SendSnapshot is not null && _options.ResolvePeerUrl(peerId) is string url && !_options.IsRemoved(peerId))
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                timeout.CancelAfter(SnapshotTimeout);
                using var snapshot = await _options.SendSnapshot(message, timeout.Token).ConfigureAwait(false);
                await using var stream = await PeerSockets.OpenAsync(url, _options.Tls, timeout.Token).ConfigureAwait(false);
                await PeerSockets.HandshakeAsync(stream, PeerStreamKind.Snapshot, _options, peerId, timeout.Token).ConfigureAwait(false);
                var writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
                MessageFrames.Write(writer, snapshot.Message);
                await writer.FlushAsync(timeout.Token).ConfigureAwait(false);
                await snapshot.WriteAsync(stream, timeout.Token).ConfigureAwait(false);
                await stream.FlushAsync(timeout.Token).ConfigureAwait(false);
                byte[] answer = new byte[1];
                await stream.ReadExactlyAsync(answer, timeout.Token).ConfigureAwait(false);
                installed = answer[0] == 0;
            }
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            _options.Log?.Invoke($"sending snapshot {message.Snapshot?.Metadata.Index} to {peerId:x} failed: {error.Message}");
        }

        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        if (!installed)
        {
            _options.ReportUnreachable(peerId);
        }

        _options.ReportSnapshot(peerId, installed ? SnapshotStatus.Finish : SnapshotStatus.Failure);
    }

    private async Task ReceiveSnapshotAsync(PipeReader reader, Stream stream, ulong from)
    {
        Message? message = null;
        while (message is null)
        {
            var result = await reader.ReadAsync(_stop.Token).ConfigureAwait(false);
            var buffer = result.Buffer;
            bool whole = MessageFrames.TryRead(ref buffer, out message);
            // Once the frame is read, the bytes after it are snapshot data not yet examined: marking them examined
            // would make the next read wait for more bytes even when the whole (small) snapshot is already here.
            reader.AdvanceTo(buffer.Start, whole ? buffer.Start : buffer.End);
            if (!whole && result.IsCompleted)
            {
                return;
            }
        }

        if (message.Type != MessageType.MsgSnap || message.From != from || message.To != _options.MemberId || message.Snapshot is null)
        {
            throw new InvalidDataException($"peer {from:x} opened a snapshot stream with {message.Type}");
        }

        bool installed = false;
        if (_options.ReceiveSnapshot is not null)
        {
            try
            {
                await _options.ReceiveSnapshot(message, reader.AsStream(leaveOpen: true), _stop.Token).ConfigureAwait(false);
                installed = true;
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                _options.Log?.Invoke($"receiving snapshot {message.Snapshot.Metadata.Index} from {from:x} failed: {error.Message}");
            }
        }

        if (installed)
        {
            _options.Deliver(message);
        }

        await stream.WriteAsync(new[] { installed ? (byte)0 : (byte)1 }, _stop.Token).ConfigureAwait(false);
    }
}
