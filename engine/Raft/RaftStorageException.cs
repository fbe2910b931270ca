namespace Engine.Raft;

/// <summary>A storage answer raft knows how to handle (compacted, unavailable, ...). Any other exception from a storage is fatal.</summary>
public sealed class RaftStorageException : Exception
{
    public RaftStorageException(StorageError error) : base($"raft storage: {error}") => Error = error;

    public StorageError Error { get; }
}
