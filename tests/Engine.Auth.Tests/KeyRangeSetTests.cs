using Engine.Auth.Permissions;

namespace Engine.Auth.Tests;

/// <summary>Merged key intervals as etcd's interval tree answers them (pkg/adt Contains/Intersects, BytesAffineComparable).</summary>
public sealed class KeyRangeSetTests
{
    private static byte[] K(string s) => System.Text.Encoding.ASCII.GetBytes(s);

    [Fact]
    public void AdjacentRangesTogetherCoverARange()
    {
        var set = KeyRangeSet.Of([new KeyInterval(K("a"), K("c")), new KeyInterval(K("c"), K("e"))]);
        Assert.Single(set.Intervals);
        Assert.True(set.Covers(new KeyInterval(K("b"), K("d"))));
        Assert.False(set.Covers(new KeyInterval(K("b"), K("f"))));
    }

    [Fact]
    public void AGapBreaksCoverage_ButEachSideStillCoversItself()
    {
        var set = KeyRangeSet.Of([new KeyInterval(K("a"), K("c")), new KeyInterval(K("d"), K("e"))]);
        Assert.False(set.Covers(new KeyInterval(K("a"), K("e"))));
        Assert.True(set.Covers(new KeyInterval(K("d"), K("e"))));
        Assert.False(set.ContainsKey(K("c")));
        Assert.True(set.ContainsKey(K("cz")) == false);
    }

    [Fact]
    public void OpenEndedPermissionCoversOpenEndedRequests()
    {
        var set = KeyRangeSet.Of([KeyInterval.FromRange(K("m"), [0])]);
        Assert.True(set.Covers(KeyInterval.FromRange(K("m"), [0])));
        Assert.True(set.Covers(KeyInterval.FromRange(K("x"), [0])));
        Assert.False(set.Covers(KeyInterval.FromRange(K("a"), [0])));
        Assert.True(set.ContainsKey(K("zzzz")));
    }

    [Fact]
    public void SingleKeyPermissionIsTheKeyAlone()
    {
        var set = KeyRangeSet.Of([KeyInterval.FromRange(K("k"), [])]);
        Assert.True(set.ContainsKey(K("k")));
        Assert.False(set.ContainsKey(K("k\0")));
        Assert.False(set.ContainsKey(K("ka")));
        Assert.True(set.Covers(KeyInterval.FromRange(K("k"), K("k\0"))));
        Assert.False(set.Covers(KeyInterval.FromRange(K("k"), K("l"))));
    }

    [Fact]
    public void EveryKeyPermission_NulToOpenEnd()
    {
        var set = KeyRangeSet.Of([KeyInterval.FromRange([0], [0])]);
        Assert.True(set.Covers(KeyInterval.FromRange([0], [0])));
        Assert.True(set.ContainsKey([0xFF, 0xFF]));
    }
}
