using System.Buffers.Binary;
using Engine.Common;

namespace Engine.Wal;

/// <summary>
/// Decodes one segment (a span over its mapping) batch by batch, verifying header checks and the
/// checksum chain, and classifies damage as a torn tail or corruption (rules in FORMAT.md). Pure: no I/O.
/// </summary>
internal static class SegmentScanner
{
    public static SegmentScan Scan(ReadOnlySpan<byte> data, string path, bool isLastSegment, int maxRecordBytes)
    {
        var scan = new SegmentScan();
        int batchStartRecord = 0;
        long batchStart = 0;
        long pos = 0;
        ulong chain = 0;
        ulong committedChain = 0;
        while (true)
        {
            if (pos + 8 > data.Length)
            {
                bool partialHeader = pos < data.Length && data[(int)pos..].ContainsAnyExcept((byte)0);
                return pos == batchStart && !partialHeader
                    ? Finish(scan, ScanEnd.Clean, null, batchStart, committedChain)
                    : Damaged(scan, path, isLastSegment, batchStart, batchStartRecord, committedChain, pos, "the data ends inside a batch");
            }

            ulong word = BinaryPrimitives.ReadUInt64LittleEndian(data.Slice((int)pos, 8));
            if (word == 0)
            {
                return pos == batchStart
                    ? Finish(scan, ScanEnd.Clean, null, batchStart, committedChain)
                    : Damaged(scan, path, isLastSegment, batchStart, batchStartRecord, committedChain, pos, "a zero record header inside a batch");
            }

            if (!WalFrame.TryParseHeader(word, out int length, out var type, out byte flags) ||
                !WalFrame.IsKnownType(type) || (flags & ~WalFrame.BatchEndFlag) != 0 || length > maxRecordBytes)
            {
                return Corrupt(scan, path, pos, $"invalid record header 0x{word:x16}", batchStart, committedChain);
            }

            long frameLength = WalFrame.FrameLength(length);
            if (pos + frameLength > data.Length)
            {
                return Damaged(scan, path, isLastSegment, batchStart, batchStartRecord, committedChain, pos, "a record runs past the end of the file");
            }

            var frame = data.Slice((int)pos, (int)frameLength);
            int covered = (int)frameLength - WalFrame.TrailerBytes;
            if (pos == 0)
            {
                if (type != WalRecordType.Checksum || length != 8)
                {
                    return Corrupt(scan, path, pos, $"segment does not start with a checksum record (type {(byte)type})", batchStart, committedChain);
                }

                chain = BinaryPrimitives.ReadUInt64LittleEndian(frame.Slice(WalFrame.HeaderBytes, 8));
                scan.CarriedChecksum = chain;
            }

            ulong stored = BinaryPrimitives.ReadUInt64LittleEndian(frame[covered..]);
            if (Checksum.Hash64(frame[..covered], chain) != stored)
            {
                return stored == 0 || HasZeroSector(data, pos, frameLength)
                    ? Damaged(scan, path, isLastSegment, batchStart, batchStartRecord, committedChain, pos, "a record with a zeroed sector or trailer")
                    : Corrupt(scan, path, pos, "checksum mismatch", batchStart, committedChain);
            }

            chain = stored;
            scan.Records.Add(new RecordLocation(type, pos, (int)pos + WalFrame.HeaderBytes, length));
            pos += frameLength;
            if ((flags & WalFrame.BatchEndFlag) != 0)
            {
                committedChain = chain;
                pos = WalFrame.AlignBatch(pos);
                batchStart = pos;
                batchStartRecord = scan.Records.Count;
            }
        }
    }

    /// <summary>True when a 512-byte file sector piece of the frame is all zero: the mark of a torn write.</summary>
    private static bool HasZeroSector(ReadOnlySpan<byte> data, long frameOffset, long frameLength)
    {
        long end = frameOffset + frameLength;
        long start = frameOffset;
        while (start < end)
        {
            long sectorEnd = Math.Min(end, (start / WalFrame.BatchAlignment + 1) * WalFrame.BatchAlignment);
            if (!data.Slice((int)start, (int)(sectorEnd - start)).ContainsAnyExcept((byte)0))
            {
                return true;
            }

            start = sectorEnd;
        }

        return false;
    }

    private static SegmentScan Damaged(SegmentScan scan, string path, bool isLastSegment, long batchStart, int batchStartRecord, ulong committedChain, long pos, string what)
    {
        if (!isLastSegment)
        {
            return Corrupt(scan, path, pos, what + " in a segment that is not the last", batchStart, committedChain, batchStartRecord);
        }

        scan.Records.RemoveRange(batchStartRecord, scan.Records.Count - batchStartRecord);
        return Finish(scan, ScanEnd.TornTail, $"torn batch at offset {batchStart}: {what} at offset {pos}", batchStart, committedChain);
    }

    private static SegmentScan Corrupt(SegmentScan scan, string path, long pos, string what, long batchStart, ulong committedChain, int? batchStartRecord = null)
    {
        if (batchStartRecord is int keep)
        {
            scan.Records.RemoveRange(keep, scan.Records.Count - keep);
        }

        return Finish(scan, ScanEnd.Corrupt, $"wal: corrupt record in {path} at offset {pos}: {what}", batchStart, committedChain);
    }

    private static SegmentScan Finish(SegmentScan scan, ScanEnd end, string? error, long validEnd, ulong chain)
    {
        scan.End = end;
        scan.Error = error;
        scan.ValidEnd = validEnd;
        scan.LastChecksum = chain;
        return scan;
    }
}
