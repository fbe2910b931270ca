using System.Runtime.InteropServices;

namespace Engine.Common.IO;

/// <summary>The few libc calls .NET does not expose: fdatasync, mmap, file locks, fallocate, directory fsync.</summary>
internal static unsafe partial class Posix
{
    public const int ProtRead = 0x1;
    public const int MapShared = 0x01;
    public const int OpenReadOnly = 0;
    public const int OpenDirectory = 0x10000;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int fdatasync(int fd);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int fsync(int fd);

    /// <summary>F_OFD_SETLK: an open-file-description lock, independent of the flock .NET takes itself.</summary>
    public const int FcntlOfdSetLock = 37;
    public const short LockWrite = 1;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int fcntl(int fd, int command, FileLockRecord* record);

    /// <summary>struct flock (x86-64 / arm64 Linux layout).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct FileLockRecord
    {
        public short Type;
        public short Whence;
        public long Start;
        public long Length;
        public int Pid;
    }

    [LibraryImport("libc")]
    public static partial int posix_fallocate(int fd, long offset, long length);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint mmap(nint addr, nuint length, int prot, int flags, int fd, long offset);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int munmap(nint addr, nuint length);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int close(int fd);

    public static void ThrowOnError(int result, string operation, string path)
    {
        if (result != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new IOException($"{operation} failed on {path}: errno {errno} ({Marshal.GetPInvokeErrorMessage(errno)})");
        }
    }
}
