namespace Engine.Mvcc;

/// <summary>
/// A point in the store's history (etcd's mvcc revision): <see cref="Main"/> is the revision of the write
/// transaction, <see cref="Sub"/> the index of the change inside it. Ordered by main, then sub.
/// </summary>
public readonly record struct Revision(long Main, long Sub) : IComparable<Revision>
{
    public int CompareTo(Revision other)
    {
        int byMain = Main.CompareTo(other.Main);
        return byMain != 0 ? byMain : Sub.CompareTo(other.Sub);
    }

    public static bool operator <(Revision a, Revision b) => a.CompareTo(b) < 0;

    public static bool operator >(Revision a, Revision b) => a.CompareTo(b) > 0;

    public static bool operator <=(Revision a, Revision b) => a.CompareTo(b) <= 0;

    public static bool operator >=(Revision a, Revision b) => a.CompareTo(b) >= 0;

    public override string ToString() => $"{Main}.{Sub}";
}
