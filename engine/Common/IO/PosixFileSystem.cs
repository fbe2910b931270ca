namespace Engine.Common.IO;

/// <summary>The real file system (Linux): positioned I/O, fdatasync, mmap and directory fsync.</summary>
public sealed class PosixFileSystem : IFileSystem
{
    /// <summary>The shared instance; the type holds no state.</summary>
    public static readonly PosixFileSystem Instance = new();

    public IStorageFile Open(string path, bool create) => new PosixStorageFile(path, create);

    public bool FileExists(string path) => File.Exists(path);

    public void DeleteFile(string path) => File.Delete(path);

    public void Rename(string from, string to) => File.Move(from, to, overwrite: true);

    public void CreateDirectory(string directory) => Directory.CreateDirectory(directory);

    public void SyncDirectory(string directory)
    {
        int fd = Posix.open(directory, Posix.OpenReadOnly | Posix.OpenDirectory);
        if (fd < 0)
        {
            Posix.ThrowOnError(-1, "open(directory)", directory);
        }

        try
        {
            Posix.ThrowOnError(Posix.fsync(fd), "fsync(directory)", directory);
        }
        finally
        {
            Posix.close(fd);
        }
    }

    public IReadOnlyList<string> ListFiles(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        var names = Directory.GetFiles(directory).Select(System.IO.Path.GetFileName).OfType<string>().ToList();
        names.Sort(StringComparer.Ordinal);
        return names;
    }
}
