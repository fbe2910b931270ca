using Engine.Mvcc.Index;

namespace Engine.Mvcc.Tests;

/// <summary>The worked examples of etcd's key_index.go (and of <see cref="KeyIndex"/>'s doc comment).</summary>
public sealed class KeyIndexTests
{
    /// <summary>put 1, put 2, delete 3, put 4, delete 5 on "foo".</summary>
    private static KeyIndex Example()
    {
        var ki = new KeyIndex("foo"u8.ToArray());
        ki.Put(new Revision(1, 0));
        ki.Put(new Revision(2, 0));
        Assert.True(ki.Tombstone(new Revision(3, 0)));
        ki.Put(new Revision(4, 0));
        Assert.True(ki.Tombstone(new Revision(5, 0)));
        return ki;
    }

    private static string Shape(KeyIndex ki) => string.Join(" ", ki.Generations.Select(g => "{" + string.Join(",", g.Revisions.Select(r => r.Main)) + "}"));

    [Fact]
    public void Delete_appends_a_tombstone_and_opens_an_empty_generation()
    {
        Assert.Equal("{1,2,3} {4,5} {}", Shape(Example()));
    }

    [Theory]
    [InlineData(2, "{2,3} {4,5} {}", new long[] { 2 })]
    [InlineData(3, "{4,5} {}", new long[0])]
    [InlineData(4, "{4,5} {}", new long[] { 4 })]
    [InlineData(5, "{}", new long[0])]
    [InlineData(6, "{}", new long[0])]
    public void Compaction_keeps_the_newest_revision_alive_at_the_compaction_point(long at, string shape, long[] kept)
    {
        var ki = Example();
        var available = new HashSet<Revision>();
        ki.Compact(at, available);
        Assert.Equal(shape, Shape(ki));
        Assert.Equal(kept.OrderBy(x => x), available.Select(r => r.Main).OrderBy(x => x));
        Assert.Equal(at >= 5, ki.IsEmpty);
    }

    [Theory]
    [InlineData(1, true, 1, 1, 1)]
    [InlineData(2, true, 2, 1, 2)]
    [InlineData(3, false, 0, 0, 0)]
    [InlineData(4, true, 4, 4, 1)]
    [InlineData(5, false, 0, 0, 0)]
    [InlineData(9, false, 0, 0, 0)]
    public void Get_finds_the_generation_alive_at_a_revision(long at, bool found, long mod, long created, long version)
    {
        var ki = Example();
        Assert.Equal(found, ki.TryGet(at, out var m, out var c, out long v));
        Assert.Equal((mod, created, version), (m.Main, c.Main, v));
    }

    [Fact]
    public void Keep_reports_what_compact_would_keep_without_changing_anything()
    {
        for (long at = 1; at <= 6; at++)
        {
            var keep = new HashSet<Revision>();
            Example().Keep(at, keep);
            var compacted = new HashSet<Revision>();
            Example().Compact(at, compacted);
            Assert.Equal(compacted.OrderBy(r => r), keep.OrderBy(r => r));
        }

        var ki = Example();
        ki.Keep(4, []);
        Assert.Equal("{1,2,3} {4,5} {}", Shape(ki));
    }

    [Fact]
    public void Delete_and_recreate_in_one_revision_keeps_the_recreated_value_through_compaction_at_that_revision()
    {
        var ki = new KeyIndex("k"u8.ToArray());
        ki.Put(new Revision(2, 0));
        ki.Tombstone(new Revision(3, 0));
        ki.Put(new Revision(3, 1));
        var available = new HashSet<Revision>();
        ki.Compact(3, available);
        Assert.Equal([new Revision(3, 1)], available);
        Assert.True(ki.TryGet(3, out var mod, out _, out long version));
        Assert.Equal((new Revision(3, 1), 1L), (mod, version));
    }

    [Fact]
    public void Tombstone_of_a_deleted_key_is_refused()
    {
        var ki = Example();
        Assert.False(ki.Tombstone(new Revision(6, 0)));
    }

    [Fact]
    public void Put_not_newer_than_the_last_modification_is_an_invariant_violation()
    {
        var ki = Example();
        Assert.Throws<Engine.Common.Errors.InvariantViolationException>(() => ki.Put(new Revision(5, 0)));
    }

    [Fact]
    public void Tree_index_ranges_are_half_open_with_prefix_and_from_key_forms()
    {
        var tree = new TreeIndex();
        long rev = 2;
        foreach (var k in new[] { "a", "a/1", "a/2", "b", "c" })
        {
            tree.Put(System.Text.Encoding.ASCII.GetBytes(k), new Revision(rev++, 0));
        }

        int Count(string key, byte[]? end) => tree.Revisions(System.Text.Encoding.ASCII.GetBytes(key), end, 100, 0, null);
        Assert.Equal(1, Count("a", null));
        Assert.Equal(2, Count("a/", "a0"u8.ToArray()));
        Assert.Equal(3, Count("a/2", []));
        Assert.Equal(0, Count("b", "b"u8.ToArray()));
        Assert.Equal(0, Count("c", "a"u8.ToArray()));
        Assert.Equal(5, Count("\0", []));
        var limited = new List<Revision>();
        Assert.Equal(5, tree.Revisions("a"u8.ToArray(), [], 100, 2, limited));
        Assert.Equal(2, limited.Count);
        Assert.Equal(2, tree.Revisions("a"u8.ToArray(), [], 3, 0, null)); // at revision 3 only a (2) and a/1 (3) exist
    }
}
