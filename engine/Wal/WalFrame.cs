using System.Buffers.Binary;
using Engine.Common;

namespace Engine.Wal;

/// <summary>
/// Record framing of FORMAT.md: the header word (length, type, flags, check), payload, padding and the
/// chained XXH64 trailer. Pure functions over spans; no I/O.
/// </summary>
internal static class WalFrame
{
    public const int HeaderBytes = 8;
    public const int TrailerBytes = 8;
    public const int Overhead = HeaderBytes + TrailerBytes;
    public const int BatchAlignment = 512;
    public const byte BatchEndFlag = 1;

    public static int Padded(int payloadLength) => (payloadLength + 7) & ~7;

    public static int FrameLength(int payloadLength) => Overhead + Padded(payloadLength);

    public static long AlignBatch(long offset) => (offset + BatchAlignment - 1) & ~(long)(BatchAlignment - 1);

    public static ushort HeaderCheck(uint length, byte type, byte flags) =>
        (ushort)~((length & 0xFFFF) ^ (length >> 16) ^ ((uint)type << 8) ^ flags);

    public static ulong HeaderWord(int length, WalRecordType type, byte flags)
    {
        uint len = (uint)length;
        return len | ((ulong)(byte)type << 32) | ((ulong)flags << 40) | ((ulong)HeaderCheck(len, (byte)type, flags) << 48);
    }

    /// <summary>Splits a header word; false when its check does not match.</summary>
    public static bool TryParseHeader(ulong word, out int length, out WalRecordType type, out byte flags)
    {
        uint len = (uint)word;
        byte t = (byte)(word >> 32);
        flags = (byte)(word >> 40);
        ushort check = (ushort)(word >> 48);
        length = (int)Math.Min(len, int.MaxValue);
        type = (WalRecordType)t;
        return check == HeaderCheck(len, t, flags) && len <= int.MaxValue;
    }

    public static bool IsKnownType(WalRecordType type) => type is >= WalRecordType.Checksum and <= WalRecordType.SnapshotMarker;

    /// <summary>
    /// Writes the header at <paramref name="frame"/>[0..8), zeroes the padding and writes the trailer
    /// checksum; the payload must already be at [8, 8+length). Returns the record's checksum.
    /// </summary>
    public static ulong Seal(Span<byte> frame, int payloadLength, WalRecordType type, byte flags, ulong seed)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(frame, HeaderWord(payloadLength, type, flags));
        int padded = Padded(payloadLength);
        frame.Slice(HeaderBytes + payloadLength, padded - payloadLength).Clear();
        int covered = HeaderBytes + padded;
        if (type == WalRecordType.Checksum)
        {
            seed = BinaryPrimitives.ReadUInt64LittleEndian(frame.Slice(HeaderBytes, 8));
        }

        ulong sum = Checksum.Hash64(frame[..covered], seed);
        BinaryPrimitives.WriteUInt64LittleEndian(frame.Slice(covered, TrailerBytes), sum);
        return sum;
    }

    /// <summary>Encodes a whole record with a ready payload; returns the bytes used.</summary>
    public static int Write(Span<byte> destination, WalRecordType type, ReadOnlySpan<byte> payload, byte flags, ref ulong chain)
    {
        payload.CopyTo(destination[HeaderBytes..]);
        chain = Seal(destination, payload.Length, type, flags, chain);
        return FrameLength(payload.Length);
    }
}
