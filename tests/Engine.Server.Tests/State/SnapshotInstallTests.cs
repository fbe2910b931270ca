using Engine.Common.IO;
using Engine.Membership;
using Engine.Mvcc;
using Engine.Protocol;
using Engine.Raft;
using Engine.Server.Apply;
using Engine.Server.Raft;
using Engine.Server.State;
using Engine.Server.Storage;
using Engine.Storage.Backend;
using Engine.TestKit;
using static Engine.Server.Tests.ServerTestHost;

namespace Engine.Server.Tests.State;

/// <summary>
/// Issue 16: a leader's snapshot replaces the member's state machines as one bundle (etcd's applySnapshot swaps
/// the backend, the MVCC store, the lessor and the cluster together); a reader sees the old db or the new one,
/// never the new MVCC store over the old backend.
/// </summary>
public sealed class SnapshotInstallTests
{
    private static readonly IFileSystem Fs = PosixFileSystem.Instance;

    [Fact]
    public void Readers_running_while_a_snapshot_is_installed_see_the_old_bundle_or_the_new_one_never_a_mix()
    {
        using var dir = new TempDir("snap-install");
        var options = Options(dir.Path);
        string snapDir = Directory.CreateDirectory(Path.Combine(dir.Path, "member", "snap")).FullName;
        WriteDb(Path.Combine(snapDir, "db"), "old", index: 10, members: [1]);
        WriteDb(SnapshotDbFiles.PathOf(snapDir, 20), "new", index: 20, members: [1, 2]);
        var holder = new MemberStateHolder(MemberState.Open(options, Backend.Open(Fs, Path.Combine(snapDir, "db"))));
        using var inbox = new RaftInbox();
        var installer = new SnapshotInstaller(Fs, options, holder, inbox, new SnapshotRecordStore(Fs, snapDir), transport: null, memberId: 1);

        int installed = 0;
        var mixed = new List<string>();
        var readers = Enumerable.Range(0, 4).Select(_ => new Thread(() =>
        {
            // Keep reading until the install is done and a few reads more have seen its result.
            int after = 0;
            while (after < 50)
            {
                bool done = Volatile.Read(ref installed) == 1;
                var seen = holder.Read(0, static (state, _) => Observe(state));
                if ((seen.Value == "old") != (seen.Index == 10 && seen.Members == 1) || (seen.Value == "new") != (seen.Index == 20 && seen.Members == 2))
                {
                    lock (mixed)
                    {
                        mixed.Add($"value {seen.Value}, consistent index {seen.Index}, {seen.Members} members");
                    }
                }

                after += done && seen.Value == "new" ? 1 : 0;
            }
        }) { IsBackground = true }).ToList();
        readers.ForEach(r => r.Start());

        installer.Install(new SnapshotMetadata(20, 3, new ConfState([1, 2], [])));
        Volatile.Write(ref installed, 1);
        Assert.All(readers, r => Assert.True(r.Join(TimeSpan.FromSeconds(30)), "a reader never saw the installed snapshot"));

        Assert.Empty(mixed);
        var current = holder.Current;
        Assert.Equal(20UL, current.Backend.ReadAppliedState().ConsistentIndex);
        Assert.Equal([1UL, 2UL], current.Members.Members.Select(m => m.Id));
        Assert.True(inbox.TryDequeue(out var release));
        Assert.Equal(new RaftInput.ReleaseLog(0, 20), release);
        current.Retire();
    }

    private static (string Value, ulong Index, int Members) Observe(MemberState state)
    {
        var range = state.Kv.Range(new RangeRequest { Key = Bytes("who") });
        string value = System.Text.Encoding.UTF8.GetString(range.Value!.Kvs![0].Value!);
        return (value, state.Backend.ReadAppliedState().ConsistentIndex, state.Members.Members.Count);
    }

    /// <summary>A member's db as its apply loop leaves it: the key "who", the members, and the applied raft index.</summary>
    private static void WriteDb(string path, string who, ulong index, ulong[] members)
    {
        using var backend = Backend.Open(Fs, path);
        using (var kv = new KvStore(backend))
        {
            var registry = new MemberRegistry();
            using var txn = kv.BeginWrite();
            txn.Put(new PutRequest { Key = Bytes("who"), Value = Bytes(who) });
            foreach (ulong id in members)
            {
                registry.UpsertLocked(backend.BatchTx, new MemberRecord { Id = id, Name = $"m{id}", PeerUrls = [$"http://127.0.0.1:{2380 + (int)id}"] });
            }

            txn.End(index, 3, Applier.EncodeConfState(new ConfState(members, [])));
        }

        backend.ForceCommit();
    }
}
