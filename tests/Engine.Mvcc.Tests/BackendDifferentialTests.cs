using Engine.Mvcc.Tests.Support;
using Engine.TestKit;

namespace Engine.Mvcc.Tests;

/// <summary>Issue 7 acceptance on the real backend: the differential test with real close and reopen of the db file.</summary>
public sealed class BackendDifferentialTests
{
    [Fact]
    public void Store_on_the_real_backend_matches_naive_versioned_map_across_reopens()
    {
        Seeds.Run(12, seed =>
        {
            var leases = new RecordingLeases(1, 2);
            using var fs = BackendStoreHost.NewFileSystem();
            using var host = new BackendStoreHost(fs, () => new KvStoreOptions { CompactInline = true, CompactionBatchLimit = 4, CompactionSleepInterval = TimeSpan.Zero, Leases = leases, MaxTxnOps = 6 }, batchLimit: 7);
            Differential.Run(seed, host, leases, steps: 300);
            host.AssertStructurallySound();
        });
    }
}
