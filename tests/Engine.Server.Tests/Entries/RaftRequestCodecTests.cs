using Engine.Protocol;
using Engine.Server.Entries;
using Engine.TestKit;

namespace Engine.Server.Tests.Entries;

/// <summary>The binary raft-entry codec (engine/Server/Entries/FORMAT.md) keeps every field the JSON codec keeps.</summary>
public sealed class RaftRequestCodecTests
{
    [Fact]
    public void Binary_entries_start_with_the_version_byte_and_name_their_kind()
    {
        byte[] data = RaftRequestCodec.Encode(new RaftRequest { Id = 7, Put = new PutRequest { Key = [1], Value = [2] } });

        Assert.Equal(RaftRequestCodec.BinaryV1, data[0]);
        Assert.Equal(1, data[1]); // kind 1 = put
        Assert.Equal(7UL, BitConverter.ToUInt64(data, 2));
    }

    [Fact]
    public void A_put_entry_is_much_smaller_than_its_json_form()
    {
        var request = new RaftRequest { Id = ulong.MaxValue - 3, Put = new PutRequest { Key = new byte[16], Value = new byte[256] } };

        int binary = RaftRequestCodec.Encode(request).Length;
        int json = RaftRequestCodec.EncodeJson(request).Length;

        Assert.True(binary < 16 + 256 + 20, $"binary {binary} bytes");
        Assert.True(json > binary * 4 / 3, $"json {json} vs binary {binary} bytes (base64 alone costs a third more)");
    }

    [Fact]
    public void Json_entries_written_by_earlier_builds_still_decode()
    {
        var request = new RaftRequest { Id = 42, Txn = RandomRequests.Txn(new Random(5), depth: 0) };
        byte[] legacy = RaftRequestCodec.EncodeJson(request);

        Assert.Equal((byte)'{', legacy[0]);
        Assert.Equal(Canonical(request), Canonical(RaftRequestCodec.Decode(legacy)));
    }

    [Fact]
    public void Random_requests_round_trip_through_binary_exactly_as_through_json()
    {
        Seeds.Run(300, seed =>
        {
            var random = new Random(seed);
            RaftRequest request = RandomRequests.Request(random);

            byte[] binary = RaftRequestCodec.Encode(request);
            RaftRequest viaBinary = RaftRequestCodec.Decode(binary);
            RaftRequest viaJson = RaftRequestCodec.Decode(RaftRequestCodec.EncodeJson(request));

            Assert.Equal(RaftRequestCodec.BinaryV1, binary[0]);
            Assert.Equal(Canonical(viaJson), Canonical(viaBinary));
            Assert.Equal(Canonical(request), Canonical(viaBinary));
        });
    }

    [Fact]
    public void Null_and_empty_byte_strings_and_lists_stay_distinct()
    {
        var request = new RaftRequest
        {
            Id = 1,
            Txn = new TxnRequest
            {
                Compare = [],
                Success = [new RequestOp { RequestPut = new PutRequest { Key = [], Value = null } }],
                Failure = null,
            },
        };

        TxnRequest decoded = RaftRequestCodec.Decode(RaftRequestCodec.Encode(request)).Txn!;

        Assert.NotNull(decoded.Compare);
        Assert.Empty(decoded.Compare);
        Assert.Null(decoded.Failure);
        Assert.NotNull(decoded.Success![0].RequestPut!.Key);
        Assert.Empty(decoded.Success[0].RequestPut!.Key!);
        Assert.Null(decoded.Success[0].RequestPut!.Value);
    }

    [Fact]
    public void Every_truncation_of_a_binary_entry_is_refused_not_misread()
    {
        Seeds.Run(40, seed =>
        {
            byte[] data = RaftRequestCodec.Encode(RandomRequests.Request(new Random(seed)));
            for (int length = 1; length < data.Length; length++)
            {
                Assert.Throws<InvalidDataException>(() => RaftRequestCodec.Decode(data.AsSpan(0, length)));
            }
        });
    }

    [Fact]
    public void Trailing_bytes_an_unknown_kind_and_an_unknown_format_byte_are_refused()
    {
        byte[] data = RaftRequestCodec.Encode(new RaftRequest { Id = 9, LeaseRevoke = new LeaseRevokeRequest { ID = 5 } });

        Assert.Throws<InvalidDataException>(() => RaftRequestCodec.Decode([.. data, 0]));
        byte[] unknownKind = (byte[])data.Clone();
        unknownKind[1] = 200;
        Assert.Throws<InvalidDataException>(() => RaftRequestCodec.Decode(unknownKind));
        Assert.Throws<InvalidDataException>(() => RaftRequestCodec.Decode([0x01, 1, 2, 3]));
        Assert.Throws<InvalidDataException>(() => RaftRequestCodec.Decode([]));
    }

    [Fact]
    public void A_request_with_two_fields_set_falls_back_to_json_and_keeps_both()
    {
        var request = new RaftRequest { Id = 3, Put = new PutRequest { Key = [1] }, LeaseRevoke = new LeaseRevokeRequest { ID = 2 } };

        byte[] data = RaftRequestCodec.Encode(request);

        Assert.Equal((byte)'{', data[0]);
        Assert.Equal(Canonical(request), Canonical(RaftRequestCodec.Decode(data)));
    }

    [Fact]
    public void Every_field_of_RaftRequest_survives_the_binary_codec()
    {
        // A field added to RaftRequest without a binary kind would be dropped silently: set each one in turn.
        var fields = typeof(RaftRequest).GetProperties().Where(p => p.Name != nameof(RaftRequest.Id)).ToList();
        Assert.True(fields.Count >= 9, $"{fields.Count} fields");
        foreach (var field in fields)
        {
            var request = new RaftRequest { Id = 11 };
            field.SetValue(request, Activator.CreateInstance(field.PropertyType));

            byte[] data = RaftRequestCodec.Encode(request);
            RaftRequest decoded = RaftRequestCodec.Decode(data);

            Assert.Equal(RaftRequestCodec.BinaryV1, data[0]);
            Assert.True(data[1] != 0, $"{field.Name} has no binary kind");
            Assert.NotNull(field.GetValue(decoded));
        }
    }

    /// <summary>The JSON form is the reference: two requests are equal when their JSON is.</summary>
    private static string Canonical(RaftRequest request) => System.Text.Encoding.UTF8.GetString(RaftRequestCodec.EncodeJson(request));
}
