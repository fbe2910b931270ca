using Engine.Common.Errors;

namespace Engine.Mvcc.Index;

/// <summary>
/// The history of one key, as etcd's keyIndex: the newest modification and a list of generations.
/// A generation holds the revisions of one life of the key; a delete appends a tombstone revision to the
/// current generation and opens a new, empty one.
/// <para>Worked example (key "foo"): put at 1, put at 2, delete at 3, put at 4, delete at 5 gives</para>
/// <code>
///   generations:  {1.0, 2.0, 3.0(t)}  {4.0, 5.0(t)}  {}
/// </code>
/// <para>Compaction at a revision keeps, per generation that is still alive at that revision, the newest
/// revision at or below it, drops every generation whose tombstone is at or below it, and drops a
/// surviving lone tombstone:</para>
/// <code>
///   compact(2) ->  {2.0, 3.0(t)}  {4.0, 5.0(t)}  {}
///   compact(4) ->  {4.0, 5.0(t)}  {}
///   compact(5) ->  {}                             (the key holds nothing: removed from the index)
///   compact(6) ->  {}
/// </code>
/// <para>Reads at a revision find the generation alive at it: at 3 (the tombstone) the key is absent,
/// at 4 it is present with version 1 and create revision 4.</para>
/// <para>Memory: most keys are put once and never deleted (or are back to that shape after compaction).
/// Such a key is stored inline, in this object's own fields (one generation, its only revision is
/// <see cref="Modified"/>); any other history moves to a <see cref="KeyHistory"/> (two flat arrays).</para>
/// </summary>
internal sealed class KeyIndex
{
    private Revision _created;  // inline form: the create revision of the only generation
    private long _version;      // inline form: its version
    private KeyHistory? _history;

    public KeyIndex(byte[] key)
    {
        Key = key;
    }

    public byte[] Key { get; }

    /// <summary>The newest revision of any change to the key (put or tombstone).</summary>
    public Revision Modified { get; private set; }

    /// <summary>The lease of the current live value (0 when none or deleted).</summary>
    public long Lease { get; set; }

    /// <summary>True when nothing is recorded: no generation or only one empty generation.</summary>
    public bool IsEmpty => _history is null
        ? _version == 0
        : _history.GenerationCount == 0 || (_history.GenerationCount == 1 && _history.Generations[0].Count == 0);

    /// <summary>True when the key exists now: its newest generation is not empty (not deleted).</summary>
    public bool IsAlive => _history is null ? _version != 0 : _history.GenerationCount > 0 && _history.Last.Count > 0;

    /// <summary>A copy of the generations, oldest first (diagnostics and tests).</summary>
    public List<Generation> Generations
    {
        get
        {
            if (_history is null)
            {
                return _version == 0 ? [] : [new Generation(_created, _version, [Modified])];
            }

            var list = new List<Generation>(_history.GenerationCount);
            for (int i = 0; i < _history.GenerationCount; i++)
            {
                var g = _history.Generations[i];
                list.Add(new Generation(g.Created, g.Version, _history.Revisions.AsSpan(g.Start, g.Count).ToArray()));
            }

            return list;
        }
    }

    public void Put(Revision revision)
    {
        if (revision <= Modified)
        {
            throw new InvariantViolationException($"key index: put {revision} is not newer than modified {Modified}");
        }

        if (_history is null && _version == 0)
        {
            _created = revision;
            _version = 1;
        }
        else
        {
            History().Append(revision);
        }

        Modified = revision;
    }

    /// <summary>Rebuilds the index of a key from its oldest surviving record (after compaction the create revision and version come from the stored value).</summary>
    public void Restore(Revision created, Revision modified, long version)
    {
        if (_history is not null || _version != 0)
        {
            throw new InvariantViolationException("key index: restore into a non-empty index");
        }

        if (version <= 0)
        {
            throw new InvariantViolationException($"key index: restore with version {version}");
        }

        _created = created;
        _version = version;
        Modified = modified;
    }

    /// <summary>Appends a tombstone and opens a new generation. False when the key is not alive.</summary>
    public bool Tombstone(Revision revision)
    {
        if (!IsAlive)
        {
            return false;
        }

        Put(revision);
        _history!.OpenGeneration();
        Lease = 0;
        return true;
    }

    /// <summary>The key's state at <paramref name="atMain"/>: its last modification, the create revision of that life and its version.</summary>
    public bool TryGet(long atMain, out Revision modified, out Revision created, out long version)
    {
        if (_history is null)
        {
            if (_version != 0 && Modified.Main <= atMain)
            {
                (modified, created, version) = (Modified, _created, _version);
                return true;
            }
        }
        else if (FindGeneration(_history, atMain) is int gi)
        {
            var g = _history.Generations[gi];
            int n = _history.NewestAtOrBefore(g, atMain);
            if (n != -1)
            {
                modified = _history.Revisions[g.Start + n];
                created = g.Created;
                version = g.Version - (g.Count - n - 1);
                return true;
            }
        }

        modified = created = default;
        version = 0;
        return false;
    }

    /// <summary>
    /// Removes every revision that no read at or after <paramref name="atMain"/> can see, and adds to
    /// <paramref name="available"/> the revisions at or below it that must stay in the backend.
    /// </summary>
    public void Compact(long atMain, HashSet<Revision> available)
    {
        if (IsEmpty)
        {
            throw new InvariantViolationException($"key index: compact of an empty index ({Convert.ToHexString(Key)})");
        }

        if (_history is null)
        {
            KeepInline(atMain, available); // one live generation of one revision: nothing to remove
            return;
        }

        var h = _history;
        var (genIndex, revIndex) = FindCompactionPoint(h, atMain, available);
        var g = h.Generations[genIndex];
        int removeInGeneration = 0;
        if (g.Count > 0)
        {
            removeInGeneration = Math.Max(0, revIndex);

            // a generation left with only its tombstone is dead at atMain: drop it and the tombstone
            if (g.Count - removeInGeneration == 1 && genIndex != h.GenerationCount - 1)
            {
                available.Remove(h.Revisions[g.Start + removeInGeneration]);
                genIndex++;
                removeInGeneration = 0;
            }
        }

        h.RemovePrefix(genIndex, removeInGeneration);
        ShrinkToInlineWhenPossible();
    }

    /// <summary>Like <see cref="Compact"/> but changes nothing: only collects the revisions a compaction would keep.</summary>
    public void Keep(long atMain, HashSet<Revision> available)
    {
        if (IsEmpty)
        {
            return;
        }

        if (_history is null)
        {
            KeepInline(atMain, available);
            return;
        }

        var h = _history;
        var (genIndex, revIndex) = FindCompactionPoint(h, atMain, available);
        var g = h.Generations[genIndex];
        if (g.Count > 0 && revIndex == g.Count - 1 && genIndex != h.GenerationCount - 1)
        {
            available.Remove(h.Revisions[g.Start + revIndex]);
        }
    }

    public override string ToString() => $"{System.Text.Encoding.UTF8.GetString(Key)} mod {Modified}: {string.Join(" ", Generations)}";

    private void KeepInline(long atMain, HashSet<Revision> available)
    {
        if (Modified.Main <= atMain)
        {
            available.Add(Modified);
        }
    }

    private KeyHistory History()
    {
        if (_history is null)
        {
            _history = _version == 0 ? new KeyHistory() : new KeyHistory(_created, _version, Modified);
            _created = default;
            _version = 0;
        }

        return _history;
    }

    /// <summary>Back to the inline form when the history is one live generation of one revision.</summary>
    private void ShrinkToInlineWhenPossible()
    {
        var h = _history!;
        if (h.GenerationCount == 1 && h.Generations[0].Count == 1 && h.Revisions[0] == Modified)
        {
            _created = h.Generations[0].Created;
            _version = h.Generations[0].Version;
            _history = null;
        }
    }

    /// <summary>The index of the generation alive at <paramref name="atMain"/>, or null when the key was absent then.</summary>
    private static int? FindGeneration(KeyHistory h, long atMain)
    {
        int last = h.GenerationCount - 1;
        for (int i = last; i >= 0; i--)
        {
            var g = h.Generations[i];
            if (g.Count == 0)
            {
                continue;
            }

            if (i != last && h.LastOf(g).Main <= atMain)
            {
                return null; // the generation ended (tombstone) at or before atMain
            }

            if (h.Revisions[g.Start].Main <= atMain)
            {
                return i;
            }
        }

        return null;
    }

    private static (int GenIndex, int RevIndex) FindCompactionPoint(KeyHistory h, long atMain, HashSet<Revision> available)
    {
        // Skip every generation that is dead at atMain: its tombstone is at or below it. (etcd stops at a generation
        // whose tombstone is exactly atMain; when a txn deletes and re-creates a key in that same revision, that loses
        // the re-created value, so the comparison here is inclusive.)
        int genIndex = 0;
        while (genIndex < h.GenerationCount - 1 && h.LastOf(h.Generations[genIndex]).Main <= atMain)
        {
            genIndex++;
        }

        var g = h.Generations[genIndex];
        int revIndex = h.NewestAtOrBefore(g, atMain);
        if (revIndex != -1)
        {
            available.Add(h.Revisions[g.Start + revIndex]);
        }

        return (genIndex, revIndex);
    }
}
