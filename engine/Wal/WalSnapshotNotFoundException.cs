namespace Engine.Wal;

/// <summary>Replay was asked to start at a snapshot marker the log does not contain (etcd's ErrSnapshotNotFound).</summary>
public sealed class WalSnapshotNotFoundException : Exception
{
    public WalSnapshotNotFoundException(string message) : base(message) { }
}
