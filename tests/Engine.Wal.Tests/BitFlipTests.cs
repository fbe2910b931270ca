using Engine.TestKit;
using Engine.TestKit.IO;
using Engine.Wal;
using static Engine.Wal.Tests.WalTestData;

namespace Engine.Wal.Tests;

/// <summary>
/// A flipped bit inside the synced region is always detected: open fails with "wal: corrupt", naming the
/// file and offset, and never truncates silently (reliability plan T1c: 100% detection of single-bit flips).
/// </summary>
public sealed class BitFlipTests
{
    [Fact]
    public void Every_bit_of_the_last_two_batches_flipped_is_reported_as_corrupt()
    {
        using var fs = BuildLog(new Random(21));
        string tail = SegmentPath(fs, Segments(fs).Count - 1);
        var frames = FrameExtents(fs, tail);
        foreach (var (start, end) in frames.TakeLast(2))
        {
            for (long offset = start; offset < end; offset++)
            {
                for (int bit = 0; bit < 8; bit++)
                {
                    AssertFlipDetected(fs, tail, offset, bit);
                }
            }
        }

        AssertSound(fs);
    }

    [Fact]
    public void A_random_bit_of_every_record_byte_in_every_segment_flipped_is_reported_as_corrupt()
    {
        Seeds.Run(3, seed =>
        {
            var random = new Random(seed);
            using var fs = BuildLog(random);
            Assert.True(Segments(fs).Count >= 3);
            foreach (string name in Segments(fs))
            {
                string path = $"{Dir}/{name}";
                foreach (var (start, end) in FrameExtents(fs, path))
                {
                    for (long offset = start; offset < end; offset++)
                    {
                        AssertFlipDetected(fs, path, offset, random.Next(8));
                    }
                }
            }

            AssertSound(fs);
        });
    }

    private static CrashFileSystem BuildLog(Random random)
    {
        var fs = NewFs();
        using var wal = WriteAheadLog.Create(fs, Dir, Meta, Small());
        ulong index = 1;
        for (int batch = 0; batch < 14; batch++)
        {
            int count = random.Next(1, 4);
            wal.Save(batch % 3 == 0 ? new WalHardState((ulong)batch, 1, index) : null, Entries(index, count, 1, random, random.Next(1, 300)));
            index += (ulong)count;
            if (batch == 7)
            {
                wal.SaveSnapshotMarker(index - 1, 1, [1, 2, 3, 4, 5]);
            }
        }

        return fs;
    }

    private static List<(long Start, long End)> FrameExtents(CrashFileSystem fs, string path) =>
        SegmentScanner.Scan(fs.ReadAllBytes(path), path, true, int.MaxValue).Records
            .Select(r => (r.FrameOffset, r.FrameOffset + WalFrame.FrameLength(r.PayloadLength))).ToList();

    private static void AssertFlipDetected(CrashFileSystem fs, string path, long offset, int bit)
    {
        byte original = fs.ReadAllBytes(path)[offset];
        fs.Corrupt(path, offset, [(byte)(original ^ (1 << bit))]);
        try
        {
            var e = Assert.Throws<WalCorruptException>(() => WriteAheadLog.ReadAll(fs, Dir, 0, 0).Dispose());
            Assert.StartsWith("wal: corrupt", e.Message);
            Assert.Contains(path, e.Message);
            Assert.Contains("offset", e.Message);
            Assert.NotEmpty(WalInspector.Check(fs, Dir));
        }
        finally
        {
            fs.Corrupt(path, offset, [original]);
        }
    }
}
