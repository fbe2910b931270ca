using Engine.Common.IO;

namespace Engine.Wal;

/// <summary>Lists and validates the segment files of a WAL directory (consecutive sequence numbers, non-decreasing first indexes).</summary>
internal static class SegmentDirectory
{
    /// <summary>
    /// The segments of <paramref name="directory"/> sorted by sequence, starting after the last gap in
    /// the sequence: segments before a gap are leftovers of a release interrupted by a crash (deletes
    /// reached the disk out of order) and are never read. Throws when first indexes go backwards.
    /// </summary>
    public static List<SegmentName> List(IFileSystem fs, string directory) => List(fs, directory, out _);

    public static List<SegmentName> List(IFileSystem fs, string directory, out List<SegmentName> stale)
    {
        var segments = new List<SegmentName>();
        foreach (string name in fs.ListFiles(directory))
        {
            if (SegmentName.TryParse(name, out var segment))
            {
                segments.Add(segment);
            }
        }

        segments.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        int live = 0;
        for (int i = 1; i < segments.Count; i++)
        {
            if (segments[i].Sequence != segments[i - 1].Sequence + 1)
            {
                live = i;
            }
        }

        stale = segments.GetRange(0, live);
        segments.RemoveRange(0, live);
        for (int i = 1; i < segments.Count; i++)
        {
            if (segments[i].FirstIndex < segments[i - 1].FirstIndex)
            {
                throw new WalCorruptException($"wal: corrupt directory {directory}: segment {segments[i].FileName} has a lower first index than {segments[i - 1].FileName}");
            }
        }

        return segments;
    }

    public static string PathOf(string directory, string fileName) => System.IO.Path.Combine(directory, fileName);

    /// <summary>Index into <paramref name="segments"/> of the last segment whose first index is at most <paramref name="index"/>; -1 when none.</summary>
    public static int SearchIndex(List<SegmentName> segments, ulong index)
    {
        for (int i = segments.Count - 1; i >= 0; i--)
        {
            if (segments[i].FirstIndex <= index)
            {
                return i;
            }
        }

        return -1;
    }
}
