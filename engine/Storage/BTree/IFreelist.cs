using Engine.Storage.BTree.Format;

namespace Engine.Storage.BTree;

/// <summary>
/// The free-page allocator. Pages freed by transaction T stay pending until no open reader can still see
/// them (every reader's snapshot is at T or later), then become allocatable.
/// </summary>
internal interface IFreelist
{
    /// <summary>Allocatable pages.</summary>
    long FreeCount { get; }

    /// <summary>Freed pages still waiting for readers.</summary>
    long PendingCount { get; }

    /// <summary>Upper bound of the number of runs <see cref="AllRuns"/> returns.</summary>
    int RunCountBound { get; }

    /// <summary>First page of <paramref name="count"/> consecutive free pages, or 0 when there is no such run.</summary>
    ulong Allocate(int count);

    /// <summary>Records pages freed by transaction <paramref name="txid"/>.</summary>
    void Free(ulong txid, PageRun run);

    /// <summary>Makes the pages freed by transactions &lt;= <paramref name="txid"/> allocatable.</summary>
    void Release(ulong txid);

    /// <summary>Free and pending runs: what is free once no reader is open (persisted at commit).</summary>
    IEnumerable<PageRun> AllRuns();

    /// <summary>Adds runs read from a commit page as free.</summary>
    void Load(IEnumerable<PageRun> runs);
}
