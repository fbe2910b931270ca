using Engine.Mvcc.Lease;
using Engine.Protocol;
using Engine.Storage.Backend;
using Engine.Storage.Schema;
using Engine.TestKit.IO;

namespace Engine.Mvcc.Tests.Lease;

/// <summary>
/// A power cut at any I/O operation leaves the lease bucket at a committed point: after reboot the restored leases are
/// exactly those of the last completed commit, or of the commit in flight, never a torn mix and never a decode error.
/// </summary>
public sealed class LessorCrashTests
{
    private const string DbPath = "/data/engine.db";

    private static readonly DamageModel[] Models = [DamageModel.DropUnsynced, DamageModel.TearLastWrite, DamageModel.RandomSubset];

    private static readonly BackendOptions Manual = new()
    {
        BatchInterval = TimeSpan.Zero,
        Tree = new Engine.Storage.BTree.BTreeOptions { InitialMapSize = 16L * 1024 * 1024 },
    };

    [Fact]
    public void CrashAtARandomOperation_RestoresTheLastCommittedLeaseSet_OrTheOneInFlight()
    {
        Engine.TestKit.Seeds.Run(30, seed =>
        {
            var random = new Random(seed);
            using var fs = new CrashFileSystem();
            fs.CreateDirectory("/data");
            var committed = new List<LeaseRecord>();
            List<LeaseRecord>? inFlight = null;
            Backend? backend = null;
            try
            {
                backend = Backend.Open(fs, DbPath, Manual);
                fs.CrashAtOperation = fs.Operations + random.Next(1, 120);
                var store = new BackendLeaseStore(backend);
                var lessor = new Lessor(store, new ManualLeaseClock(), new LessorOptions());
                lessor.SetKeyDeleter(new LockingDeleter(backend));
                for (int step = 0; step < 200; step++)
                {
                    RandomOperation(lessor, random);
                    if (random.Next(4) == 0)
                    {
                        inFlight = [.. store.LoadAll()];
                        backend.ForceCommit();
                        committed = inFlight;
                        inFlight = null;
                    }
                }
            }
            catch (Exception) when (fs.HasCrashed)
            {
                CloseQuietly(backend);
            }

            Assert.True(fs.HasCrashed, "the workload ended before the planned crash");
            foreach (DamageModel model in Models)
            {
                using CrashFileSystem rebooted = fs.AfterCrash(model, new Random(seed * 31 + (int)model));
                using Backend reopened = Backend.Open(rebooted, DbPath, Manual);
                var restored = new BackendLeaseStore(reopened).LoadAll().ToList();
                bool matches = restored.SequenceEqual(committed) || (inFlight is not null && restored.SequenceEqual(inFlight));
                Assert.True(matches, $"{model}: restored {restored.Count} leases, committed {committed.Count}, in flight {inFlight?.Count}");
                Assert.Empty(reopened.Check());
            }
        });
    }

    private static void RandomOperation(Lessor lessor, Random random)
    {
        long id = random.Next(1, 16);
        switch (random.Next(3))
        {
            case 0:
                lessor.Grant(new LeaseGrantRequest { ID = id, TTL = random.Next(1, 1000) });
                break;
            case 1:
                lessor.Checkpoint(id, random.Next(0, 500));
                break;
            default:
                lessor.Revoke(new LeaseRevokeRequest { ID = id });
                break;
        }
    }

    private static void CloseQuietly(Backend? backend)
    {
        try
        {
            backend?.Dispose();
        }
        catch (Exception)
        {
            // The simulated machine is off; closing only releases memory.
        }
    }

    /// <summary>Holds the batch lock around the revoke's record deletion, as the MVCC write transaction does.</summary>
    private sealed class LockingDeleter(Backend backend) : ILeaseKeyDeleter
    {
        public void DeleteKeys(IReadOnlyList<byte[]> sortedKeys, Action whileLocked)
        {
            backend.BatchTx.Lock();
            try
            {
                foreach (byte[] key in sortedKeys)
                {
                    backend.BatchTx.DeleteLocked(Buckets.Key, key);
                }

                whileLocked();
            }
            finally
            {
                backend.BatchTx.Unlock();
            }
        }
    }
}
