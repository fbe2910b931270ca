using System.Globalization;
using Engine.Common.IO;

namespace Engine.Server.Storage;

/// <summary>
/// The db files received from a leader (etcd's <c>member/snap/&lt;index:016x&gt;.snap.db</c>): written as
/// <c>.snap.db.tmp</c>, renamed to <c>.snap.db</c> once verified and durable, renamed over <c>member/snap/db</c>
/// when raft installs the snapshot. Also the leader's transient <c>send-*.tmp</c> copies.
/// </summary>
internal static class SnapshotDbFiles
{
    public const string Extension = ".snap.db";
    public const string TempExtension = ".snap.db.tmp";
    public const string SendPrefix = "send-";

    public static string PathOf(string snapDir, ulong index) => Path.Combine(snapDir, $"{index:x16}{Extension}");

    public static string TempPathOf(string snapDir, ulong index) => Path.Combine(snapDir, $"{index:x16}{TempExtension}");

    /// <summary>Indexes of the complete <c>.snap.db</c> files in <paramref name="snapDir"/>, ascending.</summary>
    public static List<ulong> Received(IFileSystem fs, string snapDir)
    {
        var indexes = new List<ulong>();
        foreach (string name in fs.ListFiles(snapDir))
        {
            if (IndexOf(name, Extension) is var index and not ulong.MaxValue)
            {
                indexes.Add(index);
            }
        }

        indexes.Sort();
        return indexes;
    }

    /// <summary>Moves the received db at <paramref name="index"/> over <paramref name="dbPath"/> and makes the rename durable.</summary>
    public static void MoveIntoPlace(IFileSystem fs, string snapDir, ulong index, string dbPath)
    {
        fs.Rename(PathOf(snapDir, index), dbPath);
        fs.SyncDirectory(snapDir);
    }

    /// <summary>
    /// Deletes received dbs and unfinished receives at or below <paramref name="index"/>; at start-up
    /// (<paramref name="startingUp"/>) also every unfinished receive and leftover send copy, which no one writes any more.
    /// </summary>
    public static void RemoveStale(IFileSystem fs, string snapDir, ulong index, bool startingUp)
    {
        bool removed = false;
        foreach (string name in fs.ListFiles(snapDir))
        {
            bool stale = name.StartsWith(SendPrefix, StringComparison.Ordinal) ? startingUp && name.EndsWith(".tmp", StringComparison.Ordinal)
                : name.EndsWith(TempExtension, StringComparison.Ordinal) ? startingUp || IndexOf(name, TempExtension) <= index
                : IndexOf(name, Extension) <= index;
            if (stale)
            {
                fs.DeleteFile(Path.Combine(snapDir, name));
                removed = true;
            }
        }

        if (removed)
        {
            fs.SyncDirectory(snapDir);
        }
    }

    /// <summary>The index a name of the form <c>&lt;16 hex&gt;&lt;extension&gt;</c> carries, or <see cref="ulong.MaxValue"/> for any other name.</summary>
    private static ulong IndexOf(string name, string extension) =>
        name.Length == 16 + extension.Length && name.EndsWith(extension, StringComparison.Ordinal)
        && ulong.TryParse(name.AsSpan(0, 16), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong index) ? index : ulong.MaxValue;
}
