using Engine.Raft;
using Engine.TestKit;

namespace Engine.Raft.Tests;

public class RaftCodecTests
{
    [Fact]
    public void Entry_round_trips_with_its_payload_and_type()
    {
        var entry = new Entry(7, 300, EntryType.ConfChange, new byte[] { 1, 2, 3, 255 });
        Entry decoded = RaftCodec.DecodeEntry(RaftCodec.ToBytes(entry), out int used);
        Assert.Equal(RaftCodec.SizeOf(entry), used);
        AssertEntry(entry, decoded);
    }

    [Fact]
    public void HardState_round_trips_and_uses_varints()
    {
        var state = new HardState(ulong.MaxValue, 3, 1UL << 40);
        byte[] bytes = RaftCodec.ToBytes(state);
        Assert.Equal(10 + 1 + 6, bytes.Length);
        Assert.Equal(state, RaftCodec.DecodeHardState(bytes, out int used));
        Assert.Equal(bytes.Length, used);
    }

    [Fact]
    public void ConfState_and_ConfChange_round_trip()
    {
        var conf = new ConfState([3, 1, 2], [9]);
        Assert.Equal(conf, RaftCodec.DecodeConfState(RaftCodec.ToBytes(conf), out _));
        Assert.Equal(new ulong[] { 1, 2, 3 }, conf.Voters);
        var change = new ConfChange(ConfChangeType.AddLearnerNode, 42, new byte[] { 5 }, 77);
        ConfChange back = RaftCodec.DecodeConfChange(RaftCodec.ToBytes(change), out _);
        Assert.Equal((change.Type, change.NodeId, change.Id), (back.Type, back.NodeId, back.Id));
        Assert.Equal(change.Context.ToArray(), back.Context.ToArray());
    }

    [Fact]
    public void Random_messages_round_trip_field_for_field()
    {
        Seeds.Run(500, seed =>
        {
            var random = new Random(seed);
            Message m = RandomMessage(random);
            byte[] bytes = RaftCodec.ToBytes(m);
            Message back = RaftCodec.DecodeMessage(bytes, out int used);
            Assert.Equal(bytes.Length, used);
            AssertMessage(m, back);
        });
    }

    [Fact]
    public void Every_truncation_of_a_message_is_rejected_not_misread()
    {
        Seeds.Run(100, seed =>
        {
            var random = new Random(seed);
            byte[] bytes = RaftCodec.ToBytes(RandomMessage(random));
            for (int length = 0; length < bytes.Length; length++)
            {
                byte[] cut = bytes[..length];
                Assert.Throws<InvalidDataException>(() => RaftCodec.DecodeMessage(cut, out _));
            }
        });
    }

    [Fact]
    public void Unknown_message_type_and_flags_are_rejected()
    {
        byte[] bytes = RaftCodec.ToBytes(new Message { Type = MessageType.MsgApp, To = 1, From = 2 });
        bytes[0] = 99;
        Assert.Throws<InvalidDataException>(() => RaftCodec.DecodeMessage(bytes, out _));
    }

    [Fact]
    public void Random_bytes_never_crash_the_decoder_with_anything_but_InvalidDataException()
    {
        Seeds.Run(2000, seed =>
        {
            var random = new Random(seed);
            var bytes = new byte[random.Next(0, 64)];
            random.NextBytes(bytes);
            try
            {
                Message m = RaftCodec.DecodeMessage(bytes, out int used);
                Assert.InRange(used, 1, bytes.Length);
                // Whatever decoded must re-encode to the same logical message.
                AssertMessage(m, RaftCodec.DecodeMessage(RaftCodec.ToBytes(m), out _));
            }
            catch (InvalidDataException)
            {
            }
        });
    }

    internal static Message RandomMessage(Random random)
    {
        ulong R() => random.Next(4) switch { 0 => 0, 1 => (ulong)random.Next(200), 2 => (ulong)random.NextInt64(), _ => ulong.MaxValue };
        byte[] Bytes() { var b = new byte[random.Next(0, 40)]; random.NextBytes(b); return b; }
        var entries = new Entry[random.Next(0, 5)];
        for (int i = 0; i < entries.Length; i++) entries[i] = new Entry(R(), R(), (EntryType)random.Next(2), Bytes());
        return new Message
        {
            Type = (MessageType)random.Next(19),
            To = R(), From = R(), Term = R(), LogTerm = R(), Index = R(), Commit = R(),
            Reject = random.Next(2) == 0, RejectHint = R(), Context = Bytes(), Entries = entries,
            Snapshot = random.Next(3) == 0
                ? new Snapshot(new SnapshotMetadata(R(), R(), new ConfState([R(), R()], [R()])), Bytes())
                : null,
        };
    }

    internal static void AssertMessage(Message expected, Message actual)
    {
        Assert.Equal(
            (expected.Type, expected.To, expected.From, expected.Term, expected.LogTerm, expected.Index, expected.Commit, expected.Reject, expected.RejectHint),
            (actual.Type, actual.To, actual.From, actual.Term, actual.LogTerm, actual.Index, actual.Commit, actual.Reject, actual.RejectHint));
        Assert.Equal(expected.Context.ToArray(), actual.Context.ToArray());
        Assert.Equal(expected.Entries.Length, actual.Entries.Length);
        for (int i = 0; i < expected.Entries.Length; i++) AssertEntry(expected.Entries[i], actual.Entries[i]);
        Assert.Equal(expected.Snapshot is null, actual.Snapshot is null);
        if (expected.Snapshot is not null)
        {
            Assert.Equal(expected.Snapshot.Metadata, actual.Snapshot!.Metadata);
            Assert.Equal(expected.Snapshot.Data.ToArray(), actual.Snapshot.Data.ToArray());
        }
    }

    private static void AssertEntry(Entry expected, Entry actual)
    {
        Assert.Equal((expected.Term, expected.Index, expected.Type), (actual.Term, actual.Index, actual.Type));
        Assert.Equal(expected.Data.ToArray(), actual.Data.ToArray());
    }
}
