namespace Engine.Storage.Schema;

/// <summary>
/// One bucket of the backend's fixed catalogue: a frozen integer id (the index of every per-bucket array
/// on the hot path and the B+tree's bucket id), its etcd name, and whether etcd allows ranging it through
/// the read buffer. Call sites pass these objects, never byte-string names (etcd PR #12991).
/// </summary>
public sealed class Bucket
{
    internal Bucket(int id, string name, bool isSafeRangeBucket)
    {
        Id = id;
        Name = name;
        NameBytes = System.Text.Encoding.ASCII.GetBytes(name);
        IsSafeRangeBucket = isSafeRangeBucket;
    }

    /// <summary>The frozen id (1..65535). Never reused, never renumbered.</summary>
    public int Id { get; }

    /// <summary>etcd's bucket name (used by Hash and by tools, never on the hot path).</summary>
    public string Name { get; }

    /// <summary>The ASCII bytes of <see cref="Name"/>.</summary>
    public ReadOnlyMemory<byte> NameBytes { get; }

    /// <summary>
    /// etcd's IsSafeRangeBucket: true only for <c>key</c>, whose writes are monotonically increasing revisions.
    /// Kept as a catalogue fact; this backend's read buffer does a full sorted merge, so ranging any bucket is correct.
    /// </summary>
    public bool IsSafeRangeBucket { get; }

    public override string ToString() => $"{Name}({Id})";
}
