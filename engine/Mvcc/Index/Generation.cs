namespace Engine.Mvcc.Index;

/// <summary>
/// A read-only copy of one life of a key (diagnostics and tests): from its creation to its deletion (a
/// tombstone, the last revision) or to now. <see cref="Version"/> counts the puts of this life;
/// <see cref="Revisions"/> are in increasing order. The index itself stores generations as
/// <see cref="GenerationSpan"/> structs over one flat revision array (<see cref="KeyHistory"/>).
/// </summary>
internal sealed record Generation(Revision Created, long Version, Revision[] Revisions)
{
    public bool IsEmpty => Revisions.Length == 0;

    public override string ToString() => $"{{v{Version} created {Created}: [{string.Join(", ", Revisions)}]}}";
}
