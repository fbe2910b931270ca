using System.Security.Cryptography;
using Engine.Protocol;

namespace Engine.Api.Http;

/// <summary>
/// A write-only stream that turns the db bytes the server writes into etcd's snapshot messages:
/// 32 KiB blobs with <c>remaining_bytes</c> counting down from the snapshot size, then (on
/// <see cref="CompleteAsync"/>) a last message whose blob is the SHA-256 of every byte sent. Each message
/// goes to <c>emit</c> (the gateway's JSON lines or the gRPC stream), which sends it before returning.
/// </summary>
public sealed class SnapshotChunkStream : Stream
{
    /// <summary>etcd's snapshot chunk size.</summary>
    public const int ChunkSize = 32 * 1024;

    private readonly Func<SnapshotResponse, CancellationToken, ValueTask> _emit;
    private readonly ResponseHeader? _header;
    private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] _chunk = new byte[ChunkSize];
    private int _filled;
    private long _remaining;

    public SnapshotChunkStream(Func<SnapshotResponse, CancellationToken, ValueTask> emit, long size, ResponseHeader? header)
    {
        _emit = emit;
        _remaining = size;
        _header = header;
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _sha.AppendData(buffer);
        while (!buffer.IsEmpty)
        {
            int take = Math.Min(buffer.Length, ChunkSize - _filled);
            buffer[..take].CopyTo(_chunk.AsSpan(_filled));
            _filled += take;
            buffer = buffer[take..];
            if (_filled == ChunkSize)
            {
                EmitChunkAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
            }
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _sha.AppendData(buffer.Span);
        while (!buffer.IsEmpty)
        {
            int take = Math.Min(buffer.Length, ChunkSize - _filled);
            buffer[..take].CopyTo(_chunk.AsMemory(_filled));
            _filled += take;
            buffer = buffer[take..];
            if (_filled == ChunkSize)
            {
                await EmitChunkAsync(cancellationToken);
            }
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Sends the partial last chunk, then the SHA-256 message.</summary>
    public async Task CompleteAsync(CancellationToken cancel)
    {
        if (_filled > 0)
        {
            await EmitChunkAsync(cancel);
        }

        await _emit(new SnapshotResponse { Header = _header, RemainingBytes = 0, Blob = _sha.GetHashAndReset() }, cancel);
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _sha.Dispose();
        }

        base.Dispose(disposing);
    }

    private ValueTask EmitChunkAsync(CancellationToken cancel)
    {
        _remaining = Math.Max(0, _remaining - _filled);
        var message = new SnapshotResponse { Header = _header, RemainingBytes = (ulong)_remaining, Blob = _chunk.AsSpan(0, _filled).ToArray() };
        _filled = 0;
        return _emit(message, cancel);
    }
}
