using System.Buffers;
using System.Buffers.Binary;
using K4os.Hash.xxHash;
using ZstdSharp;

namespace Engine.Server.Storage;

/// <summary>
/// The snapshot data format on the wire (FORMAT.md beside this file): the db bytes cut into chunks of at most
/// <see cref="ChunkBytes"/>, each compressed as one zstd frame and sent as <c>u32 length + frame</c>; a zero
/// length ends the chunks; a trailer carries the uncompressed length and the XXH64 (seed 0, the same digest
/// as <c>Engine.Common.Checksum.Hash64</c>) of the uncompressed bytes. The reader refuses a stream whose
/// chunks do not decompress, whose length or checksum differ from the trailer, or that ends early.
/// </summary>
internal static class SnapshotStream
{
    /// <summary>Uncompressed bytes per chunk (one zstd frame each).</summary>
    public const int ChunkBytes = 1 << 20;

    /// <summary>Bytes of the trailer after the zero-length terminator.</summary>
    public const int TrailerBytes = 16;

    private const int CompressionLevel = 3;

    /// <summary>Compresses everything <paramref name="source"/> holds onto <paramref name="destination"/>; returns the uncompressed length.</summary>
    public static async Task<long> WriteAsync(Stream source, Stream destination, CancellationToken cancel)
    {
        int bound = Compressor.GetCompressBound(ChunkBytes);
        byte[] plain = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        byte[] packed = ArrayPool<byte>.Shared.Rent(4 + bound);
        try
        {
            using var compressor = new Compressor(CompressionLevel);
            var hash = new XXH64.State();
            XXH64.Reset(ref hash);
            long total = 0;
            while (true)
            {
                int read = await source.ReadAtLeastAsync(plain.AsMemory(0, ChunkBytes), ChunkBytes, throwOnEndOfStream: false, cancel).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                XXH64.Update(ref hash, plain.AsSpan(0, read));
                total += read;
                int length = compressor.Wrap(plain.AsSpan(0, read), packed.AsSpan(4, bound));
                BinaryPrimitives.WriteUInt32LittleEndian(packed, (uint)length);
                await destination.WriteAsync(packed.AsMemory(0, 4 + length), cancel).ConfigureAwait(false);
            }

            var trailer = new byte[4 + TrailerBytes];
            BinaryPrimitives.WriteInt64LittleEndian(trailer.AsSpan(4), total);
            BinaryPrimitives.WriteUInt64LittleEndian(trailer.AsSpan(12), XXH64.Digest(hash));
            await destination.WriteAsync(trailer, cancel).ConfigureAwait(false);
            return total;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(plain);
            ArrayPool<byte>.Shared.Return(packed);
        }
    }

    /// <summary>
    /// Reads one snapshot stream from <paramref name="source"/>, handing each decompressed chunk to
    /// <paramref name="write"/> (offset, bytes) in order; returns the length once the trailer matched.
    /// Throws <see cref="InvalidDataException"/> on a damaged, truncated or mismatching stream.
    /// </summary>
    public static async Task<long> ReadAsync(Stream source, Action<long, ReadOnlyMemory<byte>> write, CancellationToken cancel)
    {
        int bound = Compressor.GetCompressBound(ChunkBytes);
        byte[] plain = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        byte[] packed = ArrayPool<byte>.Shared.Rent(bound);
        byte[] header = new byte[TrailerBytes];
        try
        {
            using var decompressor = new Decompressor();
            var hash = new XXH64.State();
            XXH64.Reset(ref hash);
            long total = 0;
            while (true)
            {
                await ReadExactly(source, header.AsMemory(0, 4), "chunk length", cancel).ConfigureAwait(false);
                uint length = BinaryPrimitives.ReadUInt32LittleEndian(header);
                if (length == 0)
                {
                    break;
                }

                if (length > (uint)bound)
                {
                    throw new InvalidDataException($"snapshot stream: chunk of {length} bytes exceeds the bound {bound}");
                }

                await ReadExactly(source, packed.AsMemory(0, (int)length), "chunk", cancel).ConfigureAwait(false);
                int count = Decompress(decompressor, packed.AsSpan(0, (int)length), plain.AsSpan(0, ChunkBytes));
                XXH64.Update(ref hash, plain.AsSpan(0, count));
                write(total, plain.AsMemory(0, count));
                total += count;
            }

            await ReadExactly(source, header.AsMemory(0, TrailerBytes), "trailer", cancel).ConfigureAwait(false);
            long expectedLength = BinaryPrimitives.ReadInt64LittleEndian(header);
            ulong expectedHash = BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan(8));
            if (expectedLength != total)
            {
                throw new InvalidDataException($"snapshot stream: received {total} bytes, the trailer says {expectedLength}");
            }

            ulong actual = XXH64.Digest(hash);
            if (actual != expectedHash)
            {
                throw new InvalidDataException($"snapshot stream: checksum 0x{actual:x16} differs from the trailer's 0x{expectedHash:x16}");
            }

            return total;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(plain);
            ArrayPool<byte>.Shared.Return(packed);
        }
    }

    private static int Decompress(Decompressor decompressor, ReadOnlySpan<byte> frame, Span<byte> destination)
    {
        try
        {
            return decompressor.Unwrap(frame, destination);
        }
        catch (ZstdException error)
        {
            throw new InvalidDataException($"snapshot stream: a chunk does not decompress ({error.Message})", error);
        }
    }

    private static async Task ReadExactly(Stream source, Memory<byte> buffer, string what, CancellationToken cancel)
    {
        int read = await source.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancel).ConfigureAwait(false);
        if (read < buffer.Length)
        {
            throw new InvalidDataException($"snapshot stream: truncated in the {what} ({read} of {buffer.Length} bytes)");
        }
    }
}
