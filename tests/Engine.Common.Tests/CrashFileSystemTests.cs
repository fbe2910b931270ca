using Engine.TestKit.IO;

namespace Engine.Common.Tests;

/// <summary>The crash simulator itself: what survives a power cut is exactly what was made durable.</summary>
public sealed class CrashFileSystemTests
{
    [Fact]
    public void Unsynced_writes_are_dropped_and_synced_ones_survive()
    {
        using var fs = new CrashFileSystem(1 << 20);
        using (var f = fs.Open("/d/x", create: true))
        {
            f.Write(0, "durable"u8);
            f.DataSync();
            f.Write(0, "LOST!!!"u8);
        }

        fs.SyncDirectory("/d");
        using var after = fs.AfterCrash(DamageModel.DropUnsynced, new Random(1));
        Assert.Equal("durable"u8.ToArray(), after.ReadAllBytes("/d/x"));
    }

    [Fact]
    public void A_created_file_without_directory_sync_disappears()
    {
        using var fs = new CrashFileSystem(1 << 20);
        using (var f = fs.Open("/d/new", create: true))
        {
            f.Write(0, "abc"u8);
            f.DataSync();
        }

        using var after = fs.AfterCrash(DamageModel.DropUnsynced, new Random(1));
        Assert.False(after.FileExists("/d/new"));
    }

    [Fact]
    public void Crash_point_throws_at_that_operation_and_after()
    {
        using var fs = new CrashFileSystem(1 << 20) { CrashAtOperation = 3 };
        var f = fs.Open("/d/x", create: true); // op 1
        f.Write(0, "a"u8); // op 2
        Assert.Throws<SimulatedCrashException>(() => f.DataSync()); // op 3
        Assert.Throws<SimulatedCrashException>(() => f.Write(0, "b"u8));
        Assert.True(fs.HasCrashed);
    }

    [Fact]
    public void Torn_last_write_keeps_a_512_byte_aligned_prefix()
    {
        for (int seed = 0; seed < 50; seed++)
        {
            using var fs = new CrashFileSystem(1 << 20);
            using (var f = fs.Open("/d/x", create: true))
            {
                f.Write(0, new byte[4096]);
                f.DataSync();
                f.Write(0, Enumerable.Repeat((byte)7, 4096).ToArray());
            }

            fs.SyncDirectory("/d");
            using var after = fs.AfterCrash(DamageModel.TearLastWrite, new Random(seed));
            byte[] bytes = after.ReadAllBytes("/d/x");
            int kept = Array.IndexOf(bytes, (byte)0);
            kept = kept < 0 ? 4096 : kept;
            Assert.Equal(0, kept % 512);
            Assert.All(bytes[kept..], b => Assert.Equal(0, b));
        }
    }

    [Fact]
    public void Injected_failure_is_an_io_error()
    {
        using var fs = new CrashFileSystem(1 << 20) { FailAtOperation = 2 };
        var f = fs.Open("/d/x", create: true);
        Assert.Throws<IOException>(() => f.Write(0, "a"u8));
        f.Write(0, "a"u8);
    }
}
