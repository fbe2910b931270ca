using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Engine.Storage.BTree.Format;

namespace Engine.Storage.BTree.Tests;

/// <summary>Every on-disk struct has the size and field offsets FORMAT.md documents.</summary>
public class FormatTests
{
    [Fact]
    public void On_disk_structs_have_the_documented_sizes()
    {
        Assert.Equal(32, Unsafe.SizeOf<PageHeader>());
        Assert.Equal(10, Unsafe.SizeOf<LeafElement>());
        Assert.Equal(16, Unsafe.SizeOf<BranchElement>());
        Assert.Equal(64, Unsafe.SizeOf<MetaRecord>());
        Assert.Equal(16, Unsafe.SizeOf<PageRun>());
        Assert.Equal(16, Unsafe.SizeOf<CommitHeader>());
        Assert.Equal(16, Unsafe.SizeOf<BucketRecord>());
    }

    [Fact]
    public void Page_header_fields_sit_at_the_documented_offsets()
    {
        Assert.Equal(0, (int)Marshal.OffsetOf<PageHeader>(nameof(PageHeader.Checksum)));
        Assert.Equal(8, (int)Marshal.OffsetOf<PageHeader>(nameof(PageHeader.PageId)));
        Assert.Equal(16, (int)Marshal.OffsetOf<PageHeader>(nameof(PageHeader.Txid)));
        Assert.Equal(24, (int)Marshal.OffsetOf<PageHeader>(nameof(PageHeader.Flags)));
        Assert.Equal(26, (int)Marshal.OffsetOf<PageHeader>(nameof(PageHeader.Count)));
        Assert.Equal(28, (int)Marshal.OffsetOf<PageHeader>(nameof(PageHeader.Overflow)));
        Assert.Equal(16, (int)Marshal.OffsetOf<MetaRecord>(nameof(MetaRecord.Txid)));
        Assert.Equal(24, (int)Marshal.OffsetOf<MetaRecord>(nameof(MetaRecord.DirectoryRoot)));
        Assert.Equal(32, (int)Marshal.OffsetOf<MetaRecord>(nameof(MetaRecord.CommitPage)));
        Assert.Equal(40, (int)Marshal.OffsetOf<MetaRecord>(nameof(MetaRecord.HighWater)));
        Assert.Equal(8, (int)Marshal.OffsetOf<BranchElement>(nameof(BranchElement.Offset)));
    }
}
