using System.Security.Cryptography;

namespace Engine.Server.Recovery;

/// <summary>
/// A snapshot file as <c>snapshot save</c> writes it (etcd's layout): the db bytes followed by the SHA-256 of
/// those bytes. A db is a whole number of 512-byte blocks, so a file whose size is 32 past a multiple of 512
/// carries the trailer (etcd's test); any other size is a raw db (copied out of a data dir, or truncated).
/// </summary>
public static class SnapshotFile
{
    /// <summary>Length of the SHA-256 trailer.</summary>
    public const int Sha256Length = 32;

    private const int BufferBytes = 1 << 16;

    /// <summary>True when a file of <paramref name="size"/> bytes ends with the SHA-256 trailer.</summary>
    public static bool HasHashTrailer(long size) => size % 512 == Sha256Length;

    /// <summary>
    /// Streams the db part of <paramref name="snapshotPath"/> into a new file <paramref name="destination"/> (never
    /// the whole file in memory) and fsyncs it. With a trailer the digest must match unless
    /// <paramref name="skipHashCheck"/>; without one the file is refused unless <paramref name="skipHashCheck"/>.
    /// Returns the snapshot file's size. <paramref name="progress"/> gets (bytes copied, bytes to copy).
    /// </summary>
    public static long CopyDb(string snapshotPath, string destination, bool skipHashCheck, Action<long, long>? progress = null)
    {
        if (!File.Exists(snapshotPath))
        {
            throw new FileNotFoundException($"snapshot {snapshotPath}: no such file", snapshotPath);
        }

        using var source = new FileStream(snapshotPath, FileMode.Open, FileAccess.Read, FileShare.Read, BufferBytes);
        long size = source.Length;
        bool hasHash = HasHashTrailer(size);
        if (!hasHash && !skipHashCheck)
        {
            throw new InvalidDataException(
                $"snapshot {snapshotPath}: no SHA-256 trailer ({size} bytes), so its integrity cannot be verified: it is truncated, or a raw db " +
                "copied out of a data dir (restore that with --skip-hash-check)");
        }

        long dbLength = hasHash ? size - Sha256Length : size;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using (var target = new FileStream(destination, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferBytes))
        {
            byte[] buffer = new byte[BufferBytes];
            for (long left = dbLength; left > 0;)
            {
                int n = source.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
                if (n == 0)
                {
                    throw new InvalidDataException($"snapshot {snapshotPath}: shorter than its size");
                }

                hash.AppendData(buffer, 0, n);
                target.Write(buffer, 0, n);
                left -= n;
                progress?.Invoke(dbLength - left, dbLength);
            }

            target.Flush(flushToDisk: true);
        }

        if (hasHash && !skipHashCheck)
        {
            Span<byte> trailer = stackalloc byte[Sha256Length];
            source.ReadExactly(trailer);
            byte[] actual = hash.GetHashAndReset();
            if (!actual.AsSpan().SequenceEqual(trailer))
            {
                throw new InvalidDataException(
                    $"snapshot {snapshotPath}: SHA-256 mismatch (trailer {Convert.ToHexStringLower(trailer)}, data {Convert.ToHexStringLower(actual)}): the file is corrupt");
            }
        }

        return size;
    }
}
