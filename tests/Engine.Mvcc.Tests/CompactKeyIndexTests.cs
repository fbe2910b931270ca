using Engine.Mvcc.Index;
using Engine.Mvcc.Tests.Support;
using Engine.TestKit;

namespace Engine.Mvcc.Tests;

/// <summary>
/// The compact <see cref="KeyIndex"/> (inline single revision, flat generation arrays) against
/// <see cref="ReferenceKeyIndex"/>, the object-graph model of etcd's keyIndex it replaced: every seeded
/// sequence of puts, deletes, compactions and keeps must give the same generations, the same reads at every
/// revision and the same revisions to keep.
/// </summary>
public sealed class CompactKeyIndexTests
{
    private static string Shape(KeyIndex ki) =>
        string.Join(" ", ki.Generations.Select(g => $"v{g.Version}c{g.Created}[" + string.Join(",", g.Revisions) + "]"));

    private static string Shape(ReferenceKeyIndex ki) =>
        string.Join(" ", ki.Generations.Select(g => (g.IsEmpty ? "v0c0.0" : $"v{g.Version}c{g.Created}") + "[" + string.Join(",", g.Revisions) + "]"));

    [Fact]
    public void Seeded_histories_behave_as_the_object_graph_key_index()
    {
        Seeds.Run(300, seed =>
        {
            var random = new Random(seed);
            var compact = new KeyIndex("k"u8.ToArray());
            var reference = new ReferenceKeyIndex("k"u8.ToArray());
            long main = 1;
            if (random.Next(3) == 0)
            {
                // rebuilt from a stored value after compaction: create revision and version from the record
                var created = new Revision(main, 0);
                main += random.Next(0, 3);
                long version = random.Next(1, 5);
                compact.Restore(created, new Revision(main, 0), version);
                reference.Restore(created, new Revision(main, 0), version);
            }

            for (int step = 0; step < 40 && !(compact.IsEmpty && step > 0 && reference.IsEmpty && random.Next(4) == 0); step++)
            {
                main += random.Next(0, 3) == 0 ? 0 : 1;
                var rev = new Revision(main, step + 1);
                string op;
                switch (random.Next(10))
                {
                    case < 5:
                        op = $"put {rev}";
                        compact.Put(rev);
                        reference.Put(rev);
                        break;
                    case < 8:
                        op = $"del {rev}";
                        Assert.Equal(reference.Tombstone(rev), compact.Tombstone(rev));
                        break;
                    case 8 when !reference.IsEmpty:
                    {
                        long at = random.NextInt64(0, main + 2);
                        op = $"compact {at}";
                        var expected = new HashSet<Revision>();
                        var actual = new HashSet<Revision>();
                        reference.Compact(at, expected);
                        compact.Compact(at, actual);
                        Assert.Equal(expected.Order(), actual.Order());
                        break;
                    }
                    default:
                    {
                        long at = random.NextInt64(0, main + 2);
                        op = $"keep {at}";
                        var expected = new HashSet<Revision>();
                        var actual = new HashSet<Revision>();
                        reference.Keep(at, expected);
                        compact.Keep(at, actual);
                        Assert.Equal(expected.Order(), actual.Order());
                        break;
                    }
                }

                Assert.True(Shape(reference) == Shape(compact), $"seed {seed} step {step} after {op}: {Shape(reference)} vs {Shape(compact)}");
                Assert.Equal(reference.IsEmpty, compact.IsEmpty);
                Assert.Equal(reference.Modified, compact.Modified);
                Assert.Equal(reference.Generations.Count > 0 && !reference.Generations[^1].IsEmpty, compact.IsAlive);
                for (long at = 0; at <= main + 1; at++)
                {
                    bool found = reference.TryGet(at, out var m1, out var c1, out long v1);
                    Assert.Equal(found, compact.TryGet(at, out var m2, out var c2, out long v2));
                    Assert.Equal((m1, c1, v1), (m2, c2, v2));
                }
            }
        });
    }

    [Fact]
    public void A_key_put_once_reads_from_its_inline_fields_until_a_second_change()
    {
        var ki = new KeyIndex("k"u8.ToArray());
        ki.Put(new Revision(7, 2));
        Assert.True(ki.TryGet(7, out var mod, out var created, out long version));
        Assert.Equal((new Revision(7, 2), new Revision(7, 2), 1L), (mod, created, version));
        Assert.False(ki.TryGet(6, out _, out _, out _));
        Assert.Equal("v1c7.2[7.2]", Shape(ki));
        ki.Put(new Revision(9, 0));
        Assert.Equal("v2c7.2[7.2,9.0]", Shape(ki));
        Assert.True(ki.TryGet(8, out mod, out _, out version));
        Assert.Equal((new Revision(7, 2), 1L), (mod, version));

        // compaction back to a single live revision keeps reads and version exact
        var keep = new HashSet<Revision>();
        ki.Compact(9, keep);
        Assert.Equal([new Revision(9, 0)], keep);
        Assert.Equal("v2c7.2[9.0]", Shape(ki));
        Assert.True(ki.TryGet(9, out mod, out created, out version));
        Assert.Equal((new Revision(9, 0), new Revision(7, 2), 2L), (mod, created, version));
    }

    [Fact]
    public void Tree_index_load_orders_entries_bytewise_whatever_the_input_order()
    {
        var tree = new TreeIndex();
        var keys = new[] { "b", "a/2", "\u00ff", "a", "a/1" };
        var entries = keys.Select((k, i) =>
        {
            var ki = new KeyIndex(System.Text.Encoding.Latin1.GetBytes(k));
            ki.Restore(new Revision(i + 1, 0), new Revision(i + 1, 0), 1);
            return ki;
        }).ToList();
        tree.Load(entries);
        Assert.Equal(5, tree.KeyCount);
        var found = tree.Keys("a"u8.ToArray(), [], 100).Select(ki => System.Text.Encoding.Latin1.GetString(ki.Key));
        Assert.Equal(["a", "a/1", "a/2", "b", "\u00ff"], found);
        Assert.Equal(2, tree.Revisions("a/"u8.ToArray(), "a0"u8.ToArray(), 100, 0, null));
    }
}
