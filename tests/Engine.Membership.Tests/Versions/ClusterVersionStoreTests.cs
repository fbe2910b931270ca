using Engine.Membership.Versions;
using Engine.Storage.Backend;
using Engine.Storage.BTree;
using Engine.Storage.Schema;
using Engine.TestKit.IO;

namespace Engine.Membership.Tests.Versions;

/// <summary>
/// The cluster bucket keys <c>clusterVersion</c> / <c>downgrade</c> and meta <c>storageVersion</c> in etcd's
/// byte layouts (server/storage/schema/cluster.go, version.go), reloaded after a reopen.
/// </summary>
public sealed class ClusterVersionStoreTests
{
    private const string DbPath = "/data/db";

    private static Backend Open(CrashFileSystem fs) =>
        Backend.Open(fs, DbPath, new BackendOptions { BatchInterval = TimeSpan.Zero, BatchLimit = 10_000, Tree = new BTreeOptions { InitialMapSize = 1L << 22 } });

    [Fact]
    public void A_fresh_db_has_no_cluster_version_no_job_and_no_storage_version()
    {
        using var fs = new CrashFileSystem(16L << 20);
        fs.CreateDirectory("/data");
        using var backend = Open(fs);
        var store = ClusterVersionStore.Load(backend);
        Assert.Null(store.ClusterVersion);
        Assert.Equal(new DowngradeInfoRecord("", false), store.Downgrade);
        Assert.Null(store.StorageVersion);
    }

    [Fact]
    public void Values_are_written_in_etcds_layout_and_survive_a_reopen()
    {
        using var fs = new CrashFileSystem(16L << 20);
        fs.CreateDirectory("/data");
        var changes = new List<(SemanticVersion?, SemanticVersion)>();
        using (var backend = Open(fs))
        {
            var store = ClusterVersionStore.Load(backend);
            store.ClusterVersionChanged += (from, to) => changes.Add((from, to));
            backend.BatchTx.Lock();
            store.SetClusterVersionLocked(backend.BatchTx, SemanticVersion.Parse("3.6.2"));
            store.SetClusterVersionLocked(backend.BatchTx, SemanticVersion.Parse("3.6.0"));
            store.SetDowngradeLocked(backend.BatchTx, new DowngradeInfoRecord("3.5.0", true));
            backend.BatchTx.Unlock();
            store.SetStorageVersion(backend.BatchTx, SemanticVersion.Parse("3.5.1"));
            backend.ForceCommit();

            using var read = backend.ConcurrentReadTx();
            Assert.True(read.TryGet(Buckets.Cluster, MetaKeys.ClusterVersion, out var cv));
            Assert.Equal("3.6.0"u8.ToArray(), cv.ToArray());
            Assert.True(read.TryGet(Buckets.Cluster, MetaKeys.Downgrade, out var dg));
            Assert.Equal("""{"target-version":"3.5.0","enabled":true}"""u8.ToArray(), dg.ToArray());
            Assert.True(read.TryGet(Buckets.Meta, MetaKeys.StorageVersion, out var sv));
            Assert.Equal("3.5.0"u8.ToArray(), sv.ToArray());
        }

        // Only a real change is reported.
        Assert.Equal([(null, SemanticVersion.Parse("3.6.0"))], changes);

        using (var backend = Open(fs))
        {
            var store = ClusterVersionStore.Load(backend);
            Assert.Equal(SemanticVersion.Parse("3.6.0"), store.ClusterVersion);
            Assert.Equal(new DowngradeInfoRecord("3.5.0", true), store.Downgrade);
            Assert.Equal(SemanticVersion.Parse("3.5.0"), store.StorageVersion);
        }
    }

    [Fact]
    public void A_damaged_cluster_version_refuses_to_load_naming_the_key()
    {
        using var fs = new CrashFileSystem(16L << 20);
        fs.CreateDirectory("/data");
        using var backend = Open(fs);
        backend.BatchTx.Lock();
        backend.BatchTx.PutLocked(Buckets.Cluster, MetaKeys.ClusterVersion, "3.x"u8);
        backend.BatchTx.Unlock();
        var e = Assert.Throws<FormatException>(() => ClusterVersionStore.Load(backend));
        Assert.Contains("clusterVersion", e.Message);
        Assert.Contains("'3.x'", e.Message);
    }

    [Fact]
    public void Member_versions_are_unknown_until_reported_and_the_local_one_is_always_known()
    {
        var versions = new MemberVersions(1, SemanticVersion.Parse("3.6.0"));
        Assert.Equal([SemanticVersion.Parse("3.6.0"), null], versions.Of([1, 2]));
        versions.Report(2, "3.5.0");
        Assert.Equal(SemanticVersion.Parse("3.5.0"), versions.Find(2));
        versions.Report(2, "garbage");
        Assert.Null(versions.Find(2));
        versions.Report(2, "3.6.1");
        versions.Forget(2);
        versions.Forget(1);
        versions.Report(1, "3.4.0");
        Assert.Equal([SemanticVersion.Parse("3.6.0"), null], versions.Of([1, 2]));
    }
}
