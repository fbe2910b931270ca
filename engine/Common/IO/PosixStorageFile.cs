using Microsoft.Win32.SafeHandles;

namespace Engine.Common.IO;

/// <summary>A file opened through <see cref="PosixFileSystem"/>.</summary>
public sealed unsafe class PosixStorageFile : IStorageFile
{
    private readonly SafeFileHandle _handle;

    public PosixStorageFile(string path, bool create)
    {
        Path = path;
        _handle = File.OpenHandle(path, create ? FileMode.OpenOrCreate : FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
    }

    public string Path { get; }

    public long Length => RandomAccess.GetLength(_handle);

    private int Fd => (int)_handle.DangerousGetHandle();

    public void Write(long offset, ReadOnlySpan<byte> data) => RandomAccess.Write(_handle, data, offset);

    public int Read(long offset, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = RandomAccess.Read(_handle, buffer[total..], offset + total);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }

    public void SetLength(long length) => RandomAccess.SetLength(_handle, length);

    public void Allocate(long length)
    {
        int rc = Posix.posix_fallocate(Fd, 0, length);
        if (rc != 0)
        {
            throw new IOException($"posix_fallocate failed on {Path}: errno {rc}");
        }
    }

    public void DataSync() => Posix.ThrowOnError(Posix.fdatasync(Fd), "fdatasync", Path);

    public void Sync() => Posix.ThrowOnError(Posix.fsync(Fd), "fsync", Path);

    public IFileMapping Map(long capacity) => new PosixFileMapping(Fd, capacity, Path);

    public bool TryLock()
    {
        var record = new Posix.FileLockRecord { Type = Posix.LockWrite };
        return Posix.fcntl(Fd, Posix.FcntlOfdSetLock, &record) == 0;
    }

    public void Dispose() => _handle.Dispose();

    private sealed class PosixFileMapping : IFileMapping
    {
        private nint _address;

        public PosixFileMapping(int fd, long capacity, string path)
        {
            Capacity = capacity;
            _address = Posix.mmap(0, (nuint)capacity, Posix.ProtRead, Posix.MapShared, fd, 0);
            if (_address == -1)
            {
                Posix.ThrowOnError(-1, "mmap", path);
            }
        }

        public byte* Pointer => (byte*)_address;

        public long Capacity { get; }

        public void Dispose()
        {
            if (_address != 0)
            {
                Posix.munmap(_address, (nuint)Capacity);
                _address = 0;
            }
        }
    }
}
