namespace Engine.Common.IO;

/// <summary>
/// The seam between the storage layers (B+tree, WAL) and the disk. Production uses
/// <see cref="PosixFileSystem"/>; tests substitute a fault-injecting implementation that can drop
/// unsynced writes, tear the last write, or fail an operation.
/// </summary>
public interface IFileSystem
{
    /// <summary>Opens <paramref name="path"/> for reading and writing, creating it when <paramref name="create"/> is true.</summary>
    IStorageFile Open(string path, bool create);

    bool FileExists(string path);

    void DeleteFile(string path);

    /// <summary>Atomically replaces <paramref name="to"/> with <paramref name="from"/>. Durable only after <see cref="SyncDirectory"/>.</summary>
    void Rename(string from, string to);

    /// <summary>Makes creates, deletes and renames inside <paramref name="directory"/> durable (fsync of the directory).</summary>
    void SyncDirectory(string directory);

    void CreateDirectory(string directory);

    /// <summary>Names (not paths) of the files directly inside <paramref name="directory"/>, sorted ordinally.</summary>
    IReadOnlyList<string> ListFiles(string directory);
}
