using Engine.Common.IO;
using Engine.TestKit.IO;
using Engine.Wal;

namespace Engine.Wal.Tests;

/// <summary>Shared builders for WAL tests: directories, options, entries with seeded payloads.</summary>
internal static class WalTestData
{
    public const string Dir = "/wal";

    public static readonly WalMetadata Meta = new(0x1111, 0x2222);

    public static WalOptions Small(long segmentBytes = 4096) => new() { SegmentBytes = segmentBytes, PreallocateInBackground = false };

    public static CrashFileSystem NewFs() => new(1 << 20);

    public static WalEntry Entry(ulong index, ulong term, Random random, int length = 40)
    {
        var payload = new byte[length];
        random.NextBytes(payload);
        return new WalEntry(index, term, payload);
    }

    public static WalEntry[] Entries(ulong first, int count, ulong term, Random random, int length = 40) =>
        Enumerable.Range(0, count).Select(i => Entry(first + (ulong)i, term, random, length)).ToArray();

    public static string SegmentPath(IFileSystem fs, int ordinal) => $"{Dir}/{Segments(fs)[ordinal]}";

    public static List<string> Segments(IFileSystem fs) => fs.ListFiles(Dir).Where(n => n.EndsWith(".wal", StringComparison.Ordinal)).ToList();

    /// <summary>Asserts replayed entries equal the expected ones (index, term, payload bytes).</summary>
    public static void AssertEntries(IReadOnlyList<WalEntry> expected, IReadOnlyList<WalEntry> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Index, actual[i].Index);
            Assert.Equal(expected[i].Term, actual[i].Term);
            Assert.True(expected[i].Payload.Span.SequenceEqual(actual[i].Payload.Span), $"payload of entry {expected[i].Index} differs");
        }
    }

    /// <summary>The structural check every storage test ends with: the whole directory decodes with no problem.</summary>
    public static void AssertSound(IFileSystem fs, string dir = Dir)
    {
        var problems = WalInspector.Check(fs, dir);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
