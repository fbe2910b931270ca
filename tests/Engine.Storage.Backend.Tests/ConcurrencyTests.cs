using System.Buffers.Binary;
using Engine.Storage.Schema;
using static Engine.Storage.Backend.Tests.Harness;

namespace Engine.Storage.Backend.Tests;

/// <summary>
/// Readers racing a writer and the batch-interval timer (etcd #10523 concurrent read tx): a view never sees half
/// of one writer's lock session, and never goes back in time across commits.
/// </summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public void Readers_see_whole_writer_sessions_and_never_go_back_while_commits_run()
    {
        using var fs = NewFileSystem();
        using var backend = Backend.Open(fs, DbPath, new BackendOptions { BatchInterval = TimeSpan.FromMilliseconds(2), BatchLimit = 97, Tree = Harness.Tree });
        const int Sessions = 3000;
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var done = new ManualResetEventSlim();
        var readers = Enumerable.Range(0, 2).Select(_ => new Thread(() =>
        {
            long last = 0;
            while (!done.IsSet)
            {
                try
                {
                    using var view = backend.ConcurrentReadTx();
                    long a = ReadCounter(view, "a"), b = ReadCounter(view, "b");
                    if (a != b)
                    {
                        failures.Enqueue($"torn session: a={a} b={b}");
                    }

                    if (a < last)
                    {
                        failures.Enqueue($"went back in time: {a} after {last}");
                    }

                    last = a;
                }
                catch (Exception e)
                {
                    failures.Enqueue(e.ToString());
                }
            }
        })).ToList();
        readers.ForEach(t => t.Start());

        for (long i = 1; i <= Sessions; i++)
        {
            backend.BatchTx.Lock();
            backend.BatchTx.PutLocked(Buckets.Key, B("a"), Counter(i));
            backend.BatchTx.PutLocked(Buckets.Key, B($"filler{i % 50:D2}"), Counter(i));
            backend.BatchTx.PutLocked(Buckets.Key, B("b"), Counter(i));
            backend.BatchTx.Unlock();
            if (i % 500 == 0)
            {
                backend.ForceCommit();
            }
        }

        done.Set();
        readers.ForEach(t => t.Join());
        Assert.Empty(failures);
        Assert.True(backend.BatchTx.Commits >= Sessions * 3 / 97, $"only {backend.BatchTx.Commits} commits");
        using (var final = backend.ConcurrentReadTx())
        {
            Assert.Equal(Sessions, ReadCounter(final, "a"));
        }

        AssertStructurallySound(backend);
    }

    private static byte[] Counter(long value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        return bytes;
    }

    private static long ReadCounter(ReadTx view, string key) =>
        view.TryGet(Buckets.Key, B(key), out var value) ? BinaryPrimitives.ReadInt64BigEndian(value) : 0;
}
