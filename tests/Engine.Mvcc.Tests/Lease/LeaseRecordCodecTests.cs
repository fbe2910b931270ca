using Engine.Mvcc.Lease;

namespace Engine.Mvcc.Tests.Lease;

/// <summary>The lease bucket's encoding is etcd's: 8-byte big-endian id key, protobuf leasepb.Lease value.</summary>
public sealed class LeaseRecordCodecTests
{
    [Fact]
    public void Key_IsTheIdAsEightBigEndianBytes_AsEtcdInt64ToBytes()
    {
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0, 0, 0x23, 0x29 }, LeaseRecordCodec.EncodeKey(9001));
        Assert.Equal(9001, LeaseRecordCodec.DecodeKey(LeaseRecordCodec.EncodeKey(9001)));
        Assert.Equal(0x694d_71dc_1a2b_3c4d, LeaseRecordCodec.DecodeKey(LeaseRecordCodec.EncodeKey(0x694d_71dc_1a2b_3c4d)));
    }

    [Fact]
    public void Value_IsProtobufLeasepbLease_WithZeroFieldsOmitted()
    {
        // leasepb.Lease{ID: 9001, TTL: 100}: 08 a9 46 10 64 (RemainingTTL 0 omitted, as proto3 marshals it).
        Assert.Equal(new byte[] { 0x08, 0xA9, 0x46, 0x10, 0x64 }, LeaseRecordCodec.EncodeValue(new LeaseRecord(9001, 100, 0)));
        Assert.Equal(new byte[] { 0x08, 0x01, 0x10, 0x02, 0x18, 0x01 }, LeaseRecordCodec.EncodeValue(new LeaseRecord(1, 2, 1)));
    }

    [Fact]
    public void Value_RoundTrips_IncludingNegativeAndHugeNumbers()
    {
        Engine.TestKit.Seeds.Run(200, seed =>
        {
            var random = new Random(seed);
            var record = new LeaseRecord(random.NextInt64(long.MinValue, long.MaxValue), random.NextInt64(0, Lessor.MaxLeaseTtlSeconds), random.Next(2) == 0 ? 0 : random.NextInt64());
            byte[] value = LeaseRecordCodec.EncodeValue(record);
            Assert.True(value.Length <= LeaseRecordCodec.MaxValueSize);
            Assert.Equal(record, LeaseRecordCodec.Decode(LeaseRecordCodec.EncodeKey(record.Id), value));
        });
    }

    [Fact]
    public void Value_UnknownFieldsAreSkipped_ForForwardCompatibility()
    {
        byte[] value = [0x08, 0x05, 0x22, 0x02, 0xAA, 0xBB, 0x10, 0x07, 0x29, 1, 2, 3, 4, 5, 6, 7, 8, 0x35, 1, 2, 3, 4, 0x18, 0x03];
        Assert.Equal(new LeaseRecord(5, 7, 3), LeaseRecordCodec.DecodeValue(value));
    }

    [Theory]
    [InlineData(new byte[] { 0x08 })]
    [InlineData(new byte[] { 0x08, 0x80 })]
    [InlineData(new byte[] { 0x22, 0x05, 0x01 })]
    [InlineData(new byte[] { 0x0B })]
    [InlineData(new byte[] { 0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 })]
    public void Value_Malformed_IsAFormatException(byte[] value)
    {
        Assert.Throws<FormatException>(() => LeaseRecordCodec.DecodeValue(value));
    }

    [Fact]
    public void Entry_WhoseKeyDisagreesWithItsValue_IsAFormatException()
    {
        Assert.Throws<FormatException>(() => LeaseRecordCodec.Decode(LeaseRecordCodec.EncodeKey(1), LeaseRecordCodec.EncodeValue(new LeaseRecord(2, 10, 0))));
        Assert.Throws<FormatException>(() => LeaseRecordCodec.Decode(new byte[7], LeaseRecordCodec.EncodeValue(new LeaseRecord(0, 10, 0))));
    }
}
