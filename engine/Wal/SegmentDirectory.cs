using Engine.Common.IO;

namespace Engine.Wal;

/// <summary>Lists and validates the segment files of a WAL directory (consecutive sequence numbers, non-decreasing first indexes).</summary>
internal static class SegmentDirectory
{
    public static List<SegmentName> List(IFileSystem fs, string directory)
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
        for (int i = 1; i < segments.Count; i++)
        {
            if (segments[i].Sequence != segments[i - 1].Sequence + 1 || segments[i].FirstIndex < segments[i - 1].FirstIndex)
            {
                throw new WalCorruptException($"wal: corrupt directory {directory}: segment {segments[i].FileName} does not follow {segments[i - 1].FileName}");
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
