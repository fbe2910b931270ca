namespace Engine.Common.IO;

/// <summary>
/// One open file: positioned reads and writes, explicit durability points and a read-only memory map.
/// Writes become durable only at <see cref="DataSync"/> or <see cref="Sync"/>. Any failure is
/// reported as an exception and the caller must treat the file as failed (never retry a sync).
/// </summary>
public interface IStorageFile : IDisposable
{
    string Path { get; }

    /// <summary>Current length in bytes (including writes not yet synced).</summary>
    long Length { get; }

    void Write(long offset, ReadOnlySpan<byte> data);

    /// <summary>Reads up to <c>buffer.Length</c> bytes at <paramref name="offset"/>; returns the count read (short at end of file).</summary>
    int Read(long offset, Span<byte> buffer);

    void SetLength(long length);

    /// <summary>Reserves disk blocks up to <paramref name="length"/> (fallocate), growing the file when needed.</summary>
    void Allocate(long length);

    /// <summary>fdatasync: file data (and the size, if it changed) are on stable storage when this returns.</summary>
    void DataSync();

    /// <summary>fsync: data and all metadata.</summary>
    void Sync();

    /// <summary>
    /// Maps the first <paramref name="capacity"/> bytes read-only. The map may be larger than the file;
    /// bytes beyond the end of the file must not be read. Writes through <see cref="Write"/> are visible in it.
    /// </summary>
    IFileMapping Map(long capacity);

    /// <summary>Takes an exclusive advisory lock on the file; false when another process holds it.</summary>
    bool TryLock();
}
