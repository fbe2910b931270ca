using Engine.Common.IO;

namespace Engine.Perf.Wal;

/// <summary>Wraps a file system and counts fdatasync/fsync calls on its files, so the benchmark can prove one fdatasync per batch.</summary>
internal sealed class SyncCountingFileSystem(IFileSystem inner) : IFileSystem
{
    private long _fileSyncs;

    public long FileSyncs => Interlocked.Read(ref _fileSyncs);

    public IStorageFile Open(string path, bool create) => new CountingFile(this, inner.Open(path, create));

    public bool FileExists(string path) => inner.FileExists(path);

    public void DeleteFile(string path) => inner.DeleteFile(path);

    public void Rename(string from, string to) => inner.Rename(from, to);

    public void SyncDirectory(string directory) => inner.SyncDirectory(directory);

    public void CreateDirectory(string directory) => inner.CreateDirectory(directory);

    public IReadOnlyList<string> ListFiles(string directory) => inner.ListFiles(directory);

    private sealed class CountingFile(SyncCountingFileSystem owner, IStorageFile file) : IStorageFile
    {
        public string Path => file.Path;

        public long Length => file.Length;

        public void Write(long offset, ReadOnlySpan<byte> data) => file.Write(offset, data);

        public int Read(long offset, Span<byte> buffer) => file.Read(offset, buffer);

        public void SetLength(long length) => file.SetLength(length);

        public void Allocate(long length) => file.Allocate(length);

        public void DataSync()
        {
            Interlocked.Increment(ref owner._fileSyncs);
            file.DataSync();
        }

        public void Sync()
        {
            Interlocked.Increment(ref owner._fileSyncs);
            file.Sync();
        }

        public IFileMapping Map(long capacity) => file.Map(capacity);

        public bool TryLock() => file.TryLock();

        public void Dispose() => file.Dispose();
    }
}
