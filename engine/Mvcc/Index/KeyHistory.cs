namespace Engine.Mvcc.Index;

/// <summary>
/// The general form of a key's generations (used once a key has more than one revision): every revision
/// of every generation in one array, in order, and one <see cref="GenerationSpan"/> per generation.
/// Two arrays per key whatever its history, instead of a list object per generation.
/// </summary>
internal sealed class KeyHistory
{
    public Revision[] Revisions;
    public int RevisionCount;
    public GenerationSpan[] Generations;
    public int GenerationCount;

    public KeyHistory(Revision created, long version, Revision only)
    {
        Revisions = new Revision[2];
        Revisions[0] = only;
        RevisionCount = 1;
        Generations = new GenerationSpan[2];
        Generations[0] = new GenerationSpan { Start = 0, Count = 1, Version = version, Created = created };
        GenerationCount = 1;
    }

    public KeyHistory()
    {
        Revisions = [];
        Generations = [];
    }

    public ref GenerationSpan Last => ref Generations[GenerationCount - 1];

    public Revision LastOf(in GenerationSpan g) => Revisions[g.Start + g.Count - 1];

    /// <summary>Appends a revision to the newest generation (opening one when there is none).</summary>
    public void Append(Revision revision)
    {
        if (GenerationCount == 0)
        {
            OpenGeneration();
        }

        if (RevisionCount == Revisions.Length)
        {
            Array.Resize(ref Revisions, Math.Max(2, Revisions.Length * 2));
        }

        Revisions[RevisionCount++] = revision;
        ref var g = ref Last;
        if (g.Count == 0)
        {
            g.Created = revision;
        }

        g.Count++;
        g.Version++;
    }

    /// <summary>Opens a new, empty generation after the newest one.</summary>
    public void OpenGeneration()
    {
        if (GenerationCount == Generations.Length)
        {
            Array.Resize(ref Generations, Math.Max(2, Generations.Length * 2));
        }

        Generations[GenerationCount++] = new GenerationSpan { Start = RevisionCount };
    }

    /// <summary>Index (within generation <paramref name="g"/>) of its newest revision whose main is at most <paramref name="atMain"/>, or -1.</summary>
    public int NewestAtOrBefore(in GenerationSpan g, long atMain)
    {
        for (int i = g.Count - 1; i >= 0; i--)
        {
            if (Revisions[g.Start + i].Main <= atMain)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Drops the generations before <paramref name="genIndex"/> and the first <paramref name="revIndex"/> revisions of that generation.</summary>
    public void RemovePrefix(int genIndex, int revIndex)
    {
        int dropRevisions = genIndex < GenerationCount ? Generations[genIndex].Start + revIndex : RevisionCount;
        if (dropRevisions > 0)
        {
            Array.Copy(Revisions, dropRevisions, Revisions, 0, RevisionCount - dropRevisions);
            Array.Clear(Revisions, RevisionCount - dropRevisions, dropRevisions);
            RevisionCount -= dropRevisions;
        }

        if (genIndex > 0)
        {
            Array.Copy(Generations, genIndex, Generations, 0, GenerationCount - genIndex);
            Array.Clear(Generations, GenerationCount - genIndex, genIndex);
            GenerationCount -= genIndex;
        }

        for (int i = 0; i < GenerationCount; i++)
        {
            ref var g = ref Generations[i];
            g.Start -= dropRevisions;
            if (i == 0)
            {
                g.Start = 0;
                g.Count -= revIndex;
            }
        }
    }
}
