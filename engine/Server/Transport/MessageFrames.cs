using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using Engine.Raft;

namespace Engine.Server.Transport;

/// <summary>
/// Raft messages on a peer stream: a 4-byte little-endian length, then <see cref="RaftCodec"/>'s encoding.
/// Messages are encoded straight into the pipe's buffer and decoded straight out of it (a copy only when a
/// frame straddles two pipe segments).
/// </summary>
internal static class MessageFrames
{
    /// <summary>The largest frame accepted (entries are bounded by the request size; snapshots travel on their own stream).</summary>
    public const int MaxFrameBytes = 256 * 1024 * 1024;

    public static void Write(PipeWriter writer, Message message)
    {
        int size = RaftCodec.SizeOf(message);
        Span<byte> span = writer.GetSpan(4 + size);
        BinaryPrimitives.WriteInt32LittleEndian(span, size);
        int written = RaftCodec.Encode(message, span.Slice(4, size));
        writer.Advance(4 + written);
    }

    /// <summary>Takes one whole frame off the front of <paramref name="buffer"/>; false when more bytes are needed.</summary>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, out Message? message)
    {
        message = null;
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadLittleEndian(out int length))
        {
            return false;
        }

        if (length <= 0 || length > MaxFrameBytes)
        {
            throw new InvalidDataException($"peer frame length {length} is out of range");
        }

        if (reader.Remaining < length)
        {
            return false;
        }

        ReadOnlySequence<byte> payload = buffer.Slice(4, length);
        message = payload.IsSingleSegment ? Decode(payload.FirstSpan) : DecodeCopy(payload);
        buffer = buffer.Slice(payload.End);
        return true;
    }

    private static Message Decode(ReadOnlySpan<byte> payload)
    {
        var message = RaftCodec.DecodeMessage(payload, out int consumed);
        if (consumed != payload.Length)
        {
            throw new InvalidDataException($"peer frame of {payload.Length} bytes held a message of {consumed}");
        }

        return message;
    }

    private static Message DecodeCopy(in ReadOnlySequence<byte> payload)
    {
        byte[] rented = ArrayPool<byte>.Shared.Rent((int)payload.Length);
        try
        {
            payload.CopyTo(rented);
            return Decode(rented.AsSpan(0, (int)payload.Length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
