using System.Text;
using Engine.Storage.Schema;

namespace Engine.Storage.Backend.Tests;

/// <summary>
/// Golden tests for the frozen schema (etcd PR #12991 bucket ids; etcd meta key names and encodings).
/// Ids, names and keys may only ever grow: a change here means an on-disk format break.
/// </summary>
public sealed class SchemaGoldenTests
{
    [Fact]
    public void Bucket_ids_and_names_are_frozen_as_etcd_pr_12991()
    {
        var expected = new (int Id, string Name, bool SafeRange)[]
        {
            (1, "key", true), (2, "meta", false), (3, "lease", false), (4, "alarm", false), (5, "cluster", false),
            (10, "members", false), (11, "members_removed", false), (20, "auth", false), (21, "authUsers", false), (22, "authRoles", false),
        };
        var actual = Buckets.All.Select(b => (b.Id, b.Name, b.IsSafeRangeBucket)).ToArray();
        Assert.Equal(expected, actual.Take(expected.Length).ToArray());
        Assert.Same(Buckets.Key, Buckets.FromId(1));
        Assert.Same(Buckets.AuthRoles, Buckets.FromId(22));
        Assert.Null(Buckets.FromId(6));
        Assert.Equal(Buckets.All.Count, Buckets.All.Select(b => b.Id).Distinct().Count());
        Assert.Equal(Buckets.All.Count, Buckets.All.Select(b => b.Name).Distinct().Count());
        Assert.True(Buckets.ArrayLength > Buckets.All.Max(b => b.Id));
    }

    [Fact]
    public void Meta_key_names_are_etcds()
    {
        Assert.Equal("consistent_index", Encoding.ASCII.GetString(MetaKeys.ConsistentIndex));
        Assert.Equal("term", Encoding.ASCII.GetString(MetaKeys.Term));
        Assert.Equal("confState", Encoding.ASCII.GetString(MetaKeys.ConfState));
        Assert.Equal("scheduledCompactRev", Encoding.ASCII.GetString(MetaKeys.ScheduledCompactRevision));
        Assert.Equal("finishedCompactRev", Encoding.ASCII.GetString(MetaKeys.FinishedCompactRevision));
        Assert.Equal("storageVersion", Encoding.ASCII.GetString(MetaKeys.StorageVersion));
        Assert.Equal("clusterVersion", Encoding.ASCII.GetString(MetaKeys.ClusterVersion));
        Assert.Equal("downgrade", Encoding.ASCII.GetString(MetaKeys.Downgrade));
        Assert.Equal("authEnabled", Encoding.ASCII.GetString(MetaKeys.AuthEnabled));
        Assert.Equal("authRevision", Encoding.ASCII.GetString(MetaKeys.AuthRevision));
    }

    [Fact]
    public void Consistent_index_and_term_are_8_byte_big_endian()
    {
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0, 0, 0x01, 0x02 }, MetaCodec.EncodeUInt64(0x0102));
        Assert.Equal(0x0102030405060708UL, MetaCodec.DecodeUInt64(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }));
        Assert.Throws<FormatException>(() => MetaCodec.DecodeUInt64(new byte[] { 1, 2, 3 }));
    }

    [Fact]
    public void Compact_revisions_are_etcd_17_byte_revisions()
    {
        byte[] encoded = MetaCodec.EncodeRevision(0x0A0B, 3);
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0, 0, 0x0A, 0x0B, (byte)'_', 0, 0, 0, 0, 0, 0, 0, 3 }, encoded);
        Assert.Equal((0x0A0BL, 3L), MetaCodec.DecodeRevision(encoded));
        Assert.Throws<FormatException>(() => MetaCodec.DecodeRevision(new byte[16]));
    }

    [Fact]
    public void Versions_are_ascii_major_minor_patch()
    {
        Assert.Equal("3.6.0", Encoding.ASCII.GetString(MetaCodec.EncodeStorageVersion(3, 6)));
        Assert.Equal("3.5.2", Encoding.ASCII.GetString(MetaCodec.EncodeVersion(new Version(3, 5, 2))));
        Assert.Equal(new Version(3, 6, 0), MetaCodec.DecodeVersion("3.6.0"u8));
        Assert.Throws<FormatException>(() => MetaCodec.DecodeVersion("3.6"u8));
    }

    [Fact]
    public void ConfState_is_raftpb_json_with_empty_lists_omitted()
    {
        var state = new ConfStateRecord([1, 2, 3], [4], [], [], false);
        string json = Encoding.UTF8.GetString(ConfStateCodec.Encode(state));
        Assert.Equal("""{"voters":[1,2,3],"learners":[4],"auto_leave":false}""", json);
        Assert.True(state.SameAs(ConfStateCodec.Decode(Encoding.UTF8.GetBytes(json))));
        var joint = ConfStateCodec.Decode("""{"voters":[1],"voters_outgoing":[2,3],"learners_next":[9],"auto_leave":true,"future":{"x":1}}"""u8);
        Assert.True(joint.SameAs(new ConfStateRecord([1], [], [2, 3], [9], true)));
        Assert.Throws<FormatException>(() => ConfStateCodec.Decode("[1,2]"u8));
    }

    [Fact]
    public void Downgrade_is_etcd_downgrade_info_json()
    {
        var info = new DowngradeInfoRecord("3.5.0", true);
        Assert.Equal("""{"target-version":"3.5.0","enabled":true}""", Encoding.UTF8.GetString(DowngradeCodec.Encode(info)));
        Assert.Equal(info, DowngradeCodec.Decode(DowngradeCodec.Encode(info)));
        Assert.Equal(new DowngradeInfoRecord("", false), DowngradeCodec.Decode("{}"u8));
    }

    [Fact]
    public void Hash_ignores_exactly_etcds_default_ignored_meta_keys()
    {
        Assert.True(MetaKeys.IsIgnoredByHash(Buckets.Meta, MetaKeys.ConsistentIndex));
        Assert.True(MetaKeys.IsIgnoredByHash(Buckets.Meta, MetaKeys.Term));
        Assert.True(MetaKeys.IsIgnoredByHash(Buckets.Meta, MetaKeys.StorageVersion));
        Assert.False(MetaKeys.IsIgnoredByHash(Buckets.Meta, MetaKeys.ConfState));
        Assert.False(MetaKeys.IsIgnoredByHash(Buckets.Key, MetaKeys.ConsistentIndex));
    }
}
