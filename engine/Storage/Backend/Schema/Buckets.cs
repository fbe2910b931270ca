namespace Engine.Storage.Schema;

/// <summary>
/// The backend's bucket catalogue. Ids and names are frozen: they may only ever grow (a golden test pins them).
/// Every per-bucket structure is an array of length <see cref="ArrayLength"/> indexed by <see cref="Bucket.Id"/>.
/// </summary>
public static class Buckets
{
    public static readonly Bucket Key = new(1, "key", isSafeRangeBucket: true);
    public static readonly Bucket Meta = new(2, "meta", isSafeRangeBucket: false);
    public static readonly Bucket Lease = new(3, "lease", isSafeRangeBucket: false);
    public static readonly Bucket Alarm = new(4, "alarm", isSafeRangeBucket: false);
    public static readonly Bucket Cluster = new(5, "cluster", isSafeRangeBucket: false);
    public static readonly Bucket Members = new(10, "members", isSafeRangeBucket: false);
    public static readonly Bucket MembersRemoved = new(11, "members_removed", isSafeRangeBucket: false);
    public static readonly Bucket Auth = new(20, "auth", isSafeRangeBucket: false);
    public static readonly Bucket AuthUsers = new(21, "authUsers", isSafeRangeBucket: false);
    public static readonly Bucket AuthRoles = new(22, "authRoles", isSafeRangeBucket: false);

    private static readonly Bucket[] AllBuckets = [Key, Meta, Lease, Alarm, Cluster, Members, MembersRemoved, Auth, AuthUsers, AuthRoles];
    private static readonly Bucket?[] ById = BuildIndex();

    /// <summary>Every bucket, in id order.</summary>
    public static IReadOnlyList<Bucket> All => AllBuckets;

    /// <summary>The largest id in the catalogue.</summary>
    public static int MaxId => AllBuckets[^1].Id;

    /// <summary>Length of a per-bucket array indexed by id (<see cref="MaxId"/> + 1).</summary>
    public static int ArrayLength => MaxId + 1;

    /// <summary>The bucket with this id, or null when the catalogue has none.</summary>
    public static Bucket? FromId(int id) => (uint)id < (uint)ById.Length ? ById[id] : null;

    private static Bucket?[] BuildIndex()
    {
        var index = new Bucket?[AllBuckets[^1].Id + 1];
        foreach (var bucket in AllBuckets)
        {
            index[bucket.Id] = bucket;
        }

        return index;
    }
}
