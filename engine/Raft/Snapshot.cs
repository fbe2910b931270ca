namespace Engine.Raft;

/// <summary>A point-in-time image of the state machine (opaque <see cref="Data"/>) plus its place in the log.</summary>
public sealed record Snapshot(SnapshotMetadata Metadata, ReadOnlyMemory<byte> Data)
{
    /// <summary>The empty snapshot (index 0).</summary>
    public static Snapshot Empty { get; } = new(new SnapshotMetadata(0, 0, ConfState.Empty), ReadOnlyMemory<byte>.Empty);

    public bool IsEmpty => Metadata.Index == 0;
}
