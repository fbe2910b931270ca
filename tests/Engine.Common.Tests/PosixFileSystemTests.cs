using Engine.Common.IO;
using Engine.TestKit;

namespace Engine.Common.Tests;

/// <summary>The real file layer: positioned writes, fdatasync, a read-only map that sees later writes, flock, directory fsync.</summary>
public sealed class PosixFileSystemTests
{
    [Fact]
    public unsafe void Writes_are_visible_through_a_map_larger_than_the_file()
    {
        using var dir = new TempDir();
        var fs = PosixFileSystem.Instance;
        using var file = fs.Open(dir.File("a"), create: true);
        file.SetLength(4096);
        using var map = file.Map(1 << 20);
        file.Write(10, "hello"u8);
        file.DataSync();
        Assert.Equal((byte)'h', map.Pointer[10]);
        Assert.Equal((byte)'o', map.Pointer[14]);
        fs.SyncDirectory(dir.Path);
        Span<byte> buf = stackalloc byte[5];
        Assert.Equal(5, file.Read(10, buf));
        Assert.True(buf.SequenceEqual("hello"u8));
    }

    [Fact]
    public void Allocate_grows_the_file_and_read_past_end_is_short()
    {
        using var dir = new TempDir();
        using var file = PosixFileSystem.Instance.Open(dir.File("b"), create: true);
        file.Allocate(8192);
        Assert.Equal(8192, file.Length);
        Span<byte> buf = stackalloc byte[100];
        Assert.Equal(92, file.Read(8100, buf));
    }

    [Fact]
    public void A_second_handle_cannot_take_the_lock()
    {
        using var dir = new TempDir();
        using var first = PosixFileSystem.Instance.Open(dir.File("c"), create: true);
        using var second = PosixFileSystem.Instance.Open(dir.File("c"), create: false);
        Assert.True(first.TryLock());
        Assert.False(second.TryLock());
    }

    [Fact]
    public void Rename_replaces_and_list_is_sorted()
    {
        using var dir = new TempDir();
        var fs = PosixFileSystem.Instance;
        fs.Open(dir.File("z"), true).Dispose();
        fs.Open(dir.File("tmp"), true).Dispose();
        fs.Rename(dir.File("tmp"), dir.File("a"));
        Assert.Equal(["a", "z"], fs.ListFiles(dir.Path));
    }
}
