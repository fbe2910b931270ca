using System.Buffers.Binary;
using Engine.Wal;

namespace Engine.Wal.Tests;

/// <summary>Record framing (FORMAT.md "Records"): header word, padding, chained checksum.</summary>
public sealed class WalFrameTests
{
    [Theory]
    [InlineData(0, 16)]
    [InlineData(1, 24)]
    [InlineData(8, 24)]
    [InlineData(9, 32)]
    [InlineData(24, 40)]
    public void Frames_are_padded_to_8_bytes_so_every_header_word_is_aligned(int payload, int frame)
    {
        Assert.Equal(frame, WalFrame.FrameLength(payload));
        Assert.Equal(0, WalFrame.FrameLength(payload) % 8);
    }

    [Fact]
    public void Header_word_round_trips_length_type_and_flags()
    {
        foreach (var type in Enum.GetValues<WalRecordType>())
        {
            foreach (int length in new[] { 0, 1, 255, 65_536, 123_456_789 })
            {
                ulong word = WalFrame.HeaderWord(length, type, WalFrame.BatchEndFlag);
                Assert.True(WalFrame.TryParseHeader(word, out int l, out var t, out byte f));
                Assert.Equal((length, type, WalFrame.BatchEndFlag), (l, t, f));
            }
        }
    }

    [Fact]
    public void Header_check_detects_every_single_bit_flip_of_the_header_word()
    {
        foreach (int length in new[] { 0, 24, 4096, 1 << 20 })
        {
            ulong word = WalFrame.HeaderWord(length, WalRecordType.Entry, 0);
            for (int bit = 0; bit < 64; bit++)
            {
                Assert.False(WalFrame.TryParseHeader(word ^ (1UL << bit), out _, out _, out _), $"flip of bit {bit} not detected");
            }
        }
    }

    [Fact]
    public void Checksum_chains_through_the_previous_record()
    {
        var frame = new byte[WalFrame.FrameLength(3)];
        "abc"u8.CopyTo(frame.AsSpan(8));
        ulong a = WalFrame.Seal(frame, 3, WalRecordType.Entry, 0, seed: 1);
        ulong b = WalFrame.Seal(frame, 3, WalRecordType.Entry, 0, seed: 2);
        Assert.NotEqual(a, b);
        Assert.Equal(b, BinaryPrimitives.ReadUInt64LittleEndian(frame.AsSpan(frame.Length - 8)));
        Assert.All(frame.AsSpan(11, 5).ToArray(), x => Assert.Equal(0, x));
    }
}
