using Engine.TestKit.IO;

namespace Engine.Storage.BTree.Tests;

/// <summary>
/// A value span is valid only inside its transaction (bbolt's rule for mmap slices). With GuardSpans (the
/// Debug default) a span kept past the end of its transaction reads 0xDD poison, so misuse is caught.
/// </summary>
public class GuardSpansTests
{
    [Fact]
    public void Spans_kept_after_the_transaction_ends_read_poison()
    {
        using var fs = new CrashFileSystem(8L << 20);
        using var db = TestDatabases.Open(fs, new BTreeOptions { InitialMapSize = 4L << 20, GuardSpans = true });
        using (var setup = db.BeginWrite())
        {
            setup.CreateBucket(1);
            setup.Put(1, "k"u8, "value"u8);
            setup.Commit();
        }

        var read = db.BeginRead();
        Assert.True(read.TryGet(1, "k"u8, out var value));
        var cursor = read.OpenCursor(1);
        Assert.True(cursor.First());
        var cursorValue = cursor.Value;
        Assert.True(value.SequenceEqual("value"u8));
        Assert.True(cursorValue.SequenceEqual("value"u8));
        cursor.Dispose();
        read.Dispose();

        Assert.All(value.ToArray(), b => Assert.Equal(0xDD, b));
        Assert.All(cursorValue.ToArray(), b => Assert.Equal(0xDD, b));
        TestDatabases.AssertSound(db);
    }

    [Fact]
    public void Without_guards_spans_point_into_the_map()
    {
        using var fs = new CrashFileSystem(8L << 20);
        using var db = TestDatabases.Open(fs, new BTreeOptions { InitialMapSize = 4L << 20, GuardSpans = false });
        using (var setup = db.BeginWrite())
        {
            setup.CreateBucket(1);
            setup.Put(1, "k"u8, "value"u8);
            setup.Commit();
        }

        using var read = db.BeginRead();
        Assert.True(read.TryGet(1, "k"u8, out var first));
        Assert.True(read.TryGet(1, "k"u8, out var second));
        Assert.True(System.Runtime.CompilerServices.Unsafe.AreSame(
            ref System.Runtime.InteropServices.MemoryMarshal.GetReference(first),
            ref System.Runtime.InteropServices.MemoryMarshal.GetReference(second)));
        TestDatabases.AssertSound(db);
    }
}
