namespace Engine.Mvcc.Index;

/// <summary>
/// One generation of a key inside <see cref="KeyHistory"/>: its revisions are
/// <c>Revisions[Start .. Start + Count)</c> of the history's flat array. An empty span (Count 0) is the open
/// generation after a tombstone.
/// </summary>
internal struct GenerationSpan
{
    public int Start;
    public int Count;
    public long Version;
    public Revision Created;
}
