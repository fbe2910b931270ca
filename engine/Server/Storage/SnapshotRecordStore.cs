using System.Buffers.Binary;
using System.Globalization;
using Engine.Common;
using Engine.Common.IO;
using Engine.Raft;

namespace Engine.Server.Storage;

/// <summary>
/// Records of the snapshots taken (etcd's member/snap/*.snap): which (index, term, conf state) the WAL
/// has a marker for and the db covers, so a restart knows where WAL replay starts. Files are named
/// <c>&lt;term:16 hex&gt;-&lt;index:16 hex&gt;.snap</c> and hold index, term, the conf state (raft
/// encoding) and an XXH64 of those bytes; each is written to a temp file, fsynced, renamed and the
/// directory fsynced. A damaged record is ignored (an older one is used). The newest five are kept.
/// </summary>
internal sealed class SnapshotRecordStore(IFileSystem fs, string directory)
{
    private const string Extension = ".snap";
    private const int Keep = 5;

    public void Save(ulong index, ulong term, ConfState confState)
    {
        byte[] conf = RaftCodec.ToBytes(confState);
        var bytes = new byte[16 + conf.Length + 8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, index);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(8), term);
        conf.CopyTo(bytes, 16);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(16 + conf.Length), Checksum.Hash64(bytes.AsSpan(0, 16 + conf.Length)));

        string name = $"{term:x16}-{index:x16}{Extension}";
        string temp = Path.Combine(directory, name + ".tmp");
        using (var file = fs.Open(temp, create: true))
        {
            file.SetLength(0);
            file.Write(0, bytes);
            file.Sync();
        }

        fs.Rename(temp, Path.Combine(directory, name));
        fs.SyncDirectory(directory);
        Prune();
    }

    /// <summary>The newest valid record with index at or below <paramref name="maxIndex"/>, or null.</summary>
    public (ulong Index, ulong Term, ConfState ConfState)? Newest(ulong maxIndex)
    {
        (ulong Index, ulong Term, ConfState ConfState)? best = null;
        foreach (string name in fs.ListFiles(directory).Where(n => n.EndsWith(Extension, StringComparison.Ordinal)))
        {
            if (TryRead(name) is { } record && record.Index <= maxIndex && (best is null || record.Index > best.Value.Index))
            {
                best = record;
            }
        }

        return best;
    }

    private (ulong Index, ulong Term, ConfState ConfState)? TryRead(string name)
    {
        using var file = fs.Open(Path.Combine(directory, name), create: false);
        if (file.Length < 24 || file.Length > 1 << 20)
        {
            return null;
        }

        var bytes = new byte[file.Length];
        file.Read(0, bytes);
        int body = bytes.Length - 8;
        if (BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(body)) != Checksum.Hash64(bytes.AsSpan(0, body)))
        {
            return null;
        }

        var confState = RaftCodec.DecodeConfState(bytes.AsSpan(16, body - 16), out _);
        return (BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(8)), confState);
    }

    private void Prune()
    {
        var names = fs.ListFiles(directory).Where(n => n.EndsWith(Extension, StringComparison.Ordinal)).ToList();
        names.Sort((a, b) => ulong.Parse(a[17..33], NumberStyles.HexNumber, CultureInfo.InvariantCulture)
            .CompareTo(ulong.Parse(b[17..33], NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
        for (int i = 0; i < names.Count - Keep; i++)
        {
            fs.DeleteFile(Path.Combine(directory, names[i]));
        }

        if (names.Count > Keep)
        {
            fs.SyncDirectory(directory);
        }
    }
}
