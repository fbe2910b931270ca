using Engine.Common.Errors;
using Engine.Mvcc;

namespace Engine.Mvcc.Tests.Support;

/// <summary>
/// The reference model of <see cref="Engine.Mvcc.Index.KeyIndex"/>: the straightforward object graph (a list of generation objects
/// each with a list of revisions) it replaced, kept to check the compact index against. The history of one key, as etcd's keyIndex: the newest modification and a list of generations.
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
/// </summary>
internal sealed class ReferenceKeyIndex
{
    public ReferenceKeyIndex(byte[] key)
    {
        Key = key;
        Generations = new List<ReferenceGeneration>(1);
    }

    public byte[] Key { get; }

    /// <summary>The newest revision of any change to the key (put or tombstone).</summary>
    public Revision Modified { get; private set; }

    /// <summary>The lease of the current live value (0 when none or deleted).</summary>
    public long Lease { get; set; }

    public List<ReferenceGeneration> Generations { get; }

    /// <summary>True when nothing is recorded: no generation or only one empty generation.</summary>
    public bool IsEmpty => Generations.Count == 0 || (Generations.Count == 1 && Generations[0].IsEmpty);

    public void Put(Revision revision)
    {
        if (revision <= Modified)
        {
            throw new InvariantViolationException($"key index: put {revision} is not newer than modified {Modified}");
        }

        if (Generations.Count == 0)
        {
            Generations.Add(new ReferenceGeneration());
        }

        var g = Generations[^1];
        if (g.IsEmpty)
        {
            g.Created = revision;
        }

        g.Revisions.Add(revision);
        g.Version++;
        Modified = revision;
    }

    /// <summary>Rebuilds the index of a key from its oldest surviving record (after compaction the create revision and version come from the stored value).</summary>
    public void Restore(Revision created, Revision modified, long version)
    {
        if (Generations.Count != 0)
        {
            throw new InvariantViolationException("key index: restore into a non-empty index");
        }

        var g = new ReferenceGeneration { Created = created, Version = version };
        g.Revisions.Add(modified);
        Generations.Add(g);
        Modified = modified;
    }

    /// <summary>Appends a tombstone and opens a new generation. False when the key is not alive.</summary>
    public bool Tombstone(Revision revision)
    {
        if (IsEmpty || Generations[^1].IsEmpty)
        {
            return false;
        }

        Put(revision);
        Generations.Add(new ReferenceGeneration());
        Lease = 0;
        return true;
    }

    /// <summary>The key's state at <paramref name="atMain"/>: its last modification, the create revision of that life and its version.</summary>
    public bool TryGet(long atMain, out Revision modified, out Revision created, out long version)
    {
        var g = FindGeneration(atMain);
        if (g is not null)
        {
            int n = g.NewestAtOrBefore(atMain);
            if (n != -1)
            {
                modified = g.Revisions[n];
                created = g.Created;
                version = g.Version - (g.Revisions.Count - n - 1);
                return true;
            }
        }

        modified = default;
        created = default;
        version = 0;
        return false;
    }

    /// <summary>The generation alive at <paramref name="atMain"/>, or null when the key was absent then.</summary>
    public ReferenceGeneration? FindGeneration(long atMain)
    {
        int last = Generations.Count - 1;
        for (int i = last; i >= 0; i--)
        {
            var g = Generations[i];
            if (g.IsEmpty)
            {
                continue;
            }

            if (i != last && g.Last.Main <= atMain)
            {
                return null; // the generation ended (tombstone) at or before atMain
            }

            if (g.Revisions[0].Main <= atMain)
            {
                return g;
            }
        }

        return null;
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

        var (genIndex, revIndex) = FindCompactionPoint(atMain, available);
        var g = Generations[genIndex];
        if (!g.IsEmpty)
        {
            if (revIndex > 0)
            {
                g.Revisions.RemoveRange(0, revIndex);
            }

            // a generation left with only its tombstone is dead at atMain: drop it and the tombstone
            if (g.Revisions.Count == 1 && genIndex != Generations.Count - 1)
            {
                available.Remove(g.Revisions[0]);
                genIndex++;
            }
        }

        if (genIndex > 0)
        {
            Generations.RemoveRange(0, genIndex);
        }
    }

    /// <summary>Like <see cref="Compact"/> but changes nothing: only collects the revisions a compaction would keep.</summary>
    public void Keep(long atMain, HashSet<Revision> available)
    {
        if (IsEmpty)
        {
            return;
        }

        var (genIndex, revIndex) = FindCompactionPoint(atMain, available);
        var g = Generations[genIndex];
        if (!g.IsEmpty && revIndex == g.Revisions.Count - 1 && genIndex != Generations.Count - 1)
        {
            available.Remove(g.Revisions[revIndex]);
        }
    }

    private (int GenIndex, int RevIndex) FindCompactionPoint(long atMain, HashSet<Revision> available)
    {
        // Skip every generation that is dead at atMain: its tombstone is at or below it. (etcd stops at a generation
        // whose tombstone is exactly atMain; when a txn deletes and re-creates a key in that same revision, that loses
        // the re-created value, so the comparison here is inclusive.)
        int genIndex = 0;
        while (genIndex < Generations.Count - 1 && Generations[genIndex].Last.Main <= atMain)
        {
            genIndex++;
        }

        var g = Generations[genIndex];
        int revIndex = g.NewestAtOrBefore(atMain);
        if (revIndex != -1)
        {
            available.Add(g.Revisions[revIndex]);
        }

        return (genIndex, revIndex);
    }

    public override string ToString() => $"{System.Text.Encoding.UTF8.GetString(Key)} mod {Modified}: {string.Join(" ", Generations)}";
}
