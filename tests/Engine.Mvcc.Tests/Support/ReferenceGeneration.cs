using Engine.Mvcc;

namespace Engine.Mvcc.Tests.Support;

/// <summary>
/// One life of a key: from its creation to its deletion (a tombstone, the last revision) or to now.
/// <see cref="Version"/> counts the puts of this life; <see cref="Revisions"/> are in increasing order.
/// </summary>
internal sealed class ReferenceGeneration
{
    public long Version;
    public Revision Created;
    public readonly List<Revision> Revisions;

    public ReferenceGeneration(int capacity = 1)
    {
        Revisions = new List<Revision>(capacity);
    }

    public bool IsEmpty => Revisions.Count == 0;

    public Revision Last => Revisions[^1];

    /// <summary>Walks from the newest revision to the oldest; returns the index of the first for which <paramref name="keepWalking"/> is false, or -1.</summary>
    public int WalkBack(Func<Revision, bool> keepWalking)
    {
        for (int i = Revisions.Count - 1; i >= 0; i--)
        {
            if (!keepWalking(Revisions[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Index of the newest revision whose main is at most <paramref name="atMain"/>, or -1.</summary>
    public int NewestAtOrBefore(long atMain)
    {
        for (int i = Revisions.Count - 1; i >= 0; i--)
        {
            if (Revisions[i].Main <= atMain)
            {
                return i;
            }
        }

        return -1;
    }

    public override string ToString() => $"{{v{Version} created {Created}: [{string.Join(", ", Revisions)}]}}";
}
