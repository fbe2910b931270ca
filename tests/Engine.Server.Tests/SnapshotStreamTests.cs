using System.Buffers.Binary;
using Engine.Common;
using Engine.Server.Storage;
using Engine.TestKit;

namespace Engine.Server.Tests;

/// <summary>
/// The snapshot stream format (Storage/FORMAT.md): zstd chunks, a zero terminator, a trailer with the
/// uncompressed length and XXH64. Issue 12: a damaged or truncated transfer must be refused, never installed.
/// </summary>
public sealed class SnapshotStreamTests
{
    [Fact]
    public void Stream_round_trips_data_of_any_size_and_its_trailer_carries_the_length_and_xxh64()
    {
        Seeds.Run(12, seed =>
        {
            var random = new Random(seed);
            byte[] data = Data(random, random.Next(0, 3 * SnapshotStream.ChunkBytes + 100));
            byte[] wire = Write(data);

            Assert.Equal(data.Length, BinaryPrimitives.ReadInt64LittleEndian(wire.AsSpan(wire.Length - 16)));
            Assert.Equal(Checksum.Hash64(data), BinaryPrimitives.ReadUInt64LittleEndian(wire.AsSpan(wire.Length - 8)));
            Assert.Equal(data, Read(wire));
        });
    }

    [Fact]
    public void Compressible_db_pages_travel_smaller_than_they_are()
    {
        byte[] data = new byte[2 * SnapshotStream.ChunkBytes]; // mostly zero pages, like a fresh db
        new Random(3).NextBytes(data.AsSpan(0, 4096));
        Assert.True(Write(data).Length < data.Length / 10);
    }

    [Fact]
    public void A_trailer_checksum_that_does_not_match_the_data_is_refused()
    {
        byte[] wire = Write(Data(new Random(1), 100_000));
        wire[^1] ^= 0x01;
        var error = Assert.Throws<InvalidDataException>(() => Read(wire));
        Assert.Contains("checksum", error.Message);
    }

    [Fact]
    public void A_trailer_length_that_does_not_match_the_data_is_refused()
    {
        byte[] wire = Write(Data(new Random(2), 100_000));
        BinaryPrimitives.WriteInt64LittleEndian(wire.AsSpan(wire.Length - 16), 99_999);
        var error = Assert.Throws<InvalidDataException>(() => Read(wire));
        Assert.Contains("trailer says", error.Message);
    }

    [Fact]
    public void A_stream_cut_anywhere_before_its_end_is_refused()
    {
        byte[] wire = Write(Data(new Random(4), SnapshotStream.ChunkBytes + 5000));
        Seeds.Run(24, seed =>
        {
            int cut = new Random(seed).Next(0, wire.Length);
            Assert.Throws<InvalidDataException>(() => Read(wire.AsSpan(0, cut).ToArray()));
        });
        Assert.Throws<InvalidDataException>(() => Read(wire.AsSpan(0, wire.Length - 1).ToArray()));
    }

    [Fact]
    public void A_damaged_chunk_is_refused()
    {
        byte[] wire = Write(Data(new Random(5), 200_000));
        Seeds.Run(16, seed =>
        {
            byte[] damaged = (byte[])wire.Clone();
            int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(damaged);
            damaged[4 + new Random(seed).Next(0, length)] ^= 0x5A;
            Assert.Throws<InvalidDataException>(() => Read(damaged));
        });
    }

    [Fact]
    public void A_chunk_length_beyond_the_compression_bound_is_refused_before_reading_it()
    {
        byte[] wire = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(wire, uint.MaxValue);
        var error = Assert.Throws<InvalidDataException>(() => Read(wire));
        Assert.Contains("exceeds the bound", error.Message);
    }

    internal static byte[] Write(byte[] data)
    {
        using var output = new MemoryStream();
        long written = SnapshotStream.WriteAsync(new MemoryStream(data), output, default).GetAwaiter().GetResult();
        Assert.Equal(data.Length, written);
        return output.ToArray();
    }

    private static byte[] Read(byte[] wire)
    {
        using var output = new MemoryStream();
        long length = SnapshotStream.ReadAsync(new MemoryStream(wire), (offset, bytes) =>
        {
            Assert.Equal(output.Length, offset);
            output.Write(bytes.Span);
        }, default).GetAwaiter().GetResult();
        Assert.Equal(output.Length, length);
        return output.ToArray();
    }

    /// <summary>Half random, half repetitive bytes: both incompressible and compressible chunks.</summary>
    private static byte[] Data(Random random, int length)
    {
        byte[] data = new byte[length];
        random.NextBytes(data.AsSpan(0, length / 2));
        for (int i = length / 2; i < length; i++)
        {
            data[i] = (byte)(i % 7);
        }

        return data;
    }
}
