using Engine.Membership;
using Engine.Raft;
using Engine.Server.Transport;

namespace Engine.Cluster.Tests;

/// <summary>
/// The transport's side streams: a snapshot travels with its MsgSnap on its own connection and raft hears
/// the outcome (Finish only after the receiver installed it and stepped the MsgSnap; Failure otherwise),
/// and a joining member fetches the cluster id and member list from a peer.
/// </summary>
public sealed class PeerStreamsTests
{
    private const ulong Cluster = 0xC1;

    [Fact]
    public void A_snapshot_is_streamed_with_its_message_and_reported_finished_once_installed()
    {
        byte[] data = new byte[1_000_000];
        new Random(3).NextBytes(data);
        byte[]? installed = null;
        var (sender, receiver) = Pair(
            send: async (_, stream, cancel) =>
            {
                await stream.WriteAsync(BitConverter.GetBytes(data.Length), cancel);
                await stream.WriteAsync(data, cancel);
            },
            receive: async (message, stream, cancel) =>
            {
                byte[] length = new byte[4];
                await stream.ReadExactlyAsync(length, cancel);
                byte[] got = new byte[BitConverter.ToInt32(length)];
                await stream.ReadExactlyAsync(got, cancel);
                installed = got;
            });
        using (sender)
        using (receiver)
        {
            var snapshot = new Snapshot(new SnapshotMetadata(42, 3, new ConfState([1, 2])), ReadOnlyMemory<byte>.Empty);
            // As raft does after a failure report, send again: on a loaded machine a connect can miss its 1 s
            // dial timeout before any byte reaches the receiver. A failed attempt never steps the message.
            var outcome = SnapshotStatus.Failure;
            for (int attempt = 0; attempt < 3 && outcome == SnapshotStatus.Failure; attempt++)
            {
                sender.Snapshots.Clear();
                sender.Transport.Send([new Message { Type = MessageType.MsgSnap, From = 1, To = 2, Term = 3, Snapshot = snapshot }]);
                TestPeer.WaitUntil(() => !sender.Snapshots.IsEmpty, "snapshot outcome");
                var (peer, status) = sender.Snapshots.Single();
                Assert.Equal(2UL, peer);
                outcome = status;
            }

            Assert.Equal(SnapshotStatus.Finish, outcome);
            Assert.Equal(data, installed);
            var stepped = Assert.Single(receiver.Received);
            Assert.Equal(MessageType.MsgSnap, stepped.Type);
            Assert.Equal(42UL, stepped.Snapshot!.Metadata.Index);
        }
    }

    [Fact]
    public void The_MsgSnap_the_sender_prepares_replaces_raft_s_and_is_the_one_the_receiver_steps()
    {
        Message? seenByReceiver = null;
        var (sender, receiver) = Pair(
            send: (_, stream, cancel) => stream.WriteAsync(new byte[] { 7 }, cancel).AsTask(),
            receive: async (message, stream, cancel) =>
            {
                seenByReceiver = message;
                await stream.ReadExactlyAsync(new byte[1], cancel);
            },
            prepare: message =>
            {
                // etcd's merged snapshot: the data is newer than raft's snapshot, so is the metadata sent ahead of it.
                var merged = message.Clone();
                merged.Snapshot = new Snapshot(new SnapshotMetadata(57, 4, new ConfState([1, 2])), ReadOnlyMemory<byte>.Empty);
                return merged;
            });
        using (sender)
        using (receiver)
        {
            var snapshot = new Snapshot(new SnapshotMetadata(42, 3, new ConfState([1, 2])), ReadOnlyMemory<byte>.Empty);
            sender.Transport.Send([new Message { Type = MessageType.MsgSnap, From = 1, To = 2, Term = 4, Snapshot = snapshot }]);
            TestPeer.WaitUntil(() => !sender.Snapshots.IsEmpty, "snapshot outcome");

            Assert.Equal((2UL, SnapshotStatus.Finish), sender.Snapshots.Single());
            Assert.Equal(57UL, seenByReceiver!.Snapshot!.Metadata.Index);
            Assert.Equal(57UL, Assert.Single(receiver.Received).Snapshot!.Metadata.Index);
        }
    }

    [Fact]
    public void A_snapshot_the_receiver_fails_to_install_is_reported_failed_and_never_stepped()
    {
        var (sender, receiver) = Pair(
            send: (_, stream, cancel) => stream.WriteAsync(new byte[] { 1, 2, 3 }, cancel).AsTask(),
            receive: (_, _, _) => throw new InvalidDataException("checksum mismatch"));
        using (sender)
        using (receiver)
        {
            var snapshot = new Snapshot(new SnapshotMetadata(42, 3, new ConfState([1, 2])), ReadOnlyMemory<byte>.Empty);
            sender.Transport.Send([new Message { Type = MessageType.MsgSnap, From = 1, To = 2, Term = 3, Snapshot = snapshot }]);
            TestPeer.WaitUntil(() => !sender.Snapshots.IsEmpty, "snapshot outcome");

            Assert.Equal((2UL, SnapshotStatus.Failure), sender.Snapshots.Single());
            Assert.Empty(receiver.Received);
        }
    }

    [Fact]
    public async Task A_joining_member_fetches_the_cluster_id_and_members_from_a_peer()
    {
        var members = new List<MemberRecord>
        {
            new() { Id = 1, Name = "n1", PeerUrls = ["http://127.0.0.1:1"] },
            new() { Id = 7, PeerUrls = ["http://127.0.0.1:7"], IsLearner = true },
        };
        using var peer = new TestPeer(Cluster, 1, _ => null, members: members);
        var (clusterId, fetched) = await MemberListExchange.FetchAsync(peer.Url, null, CancellationToken.None);

        Assert.Equal(Cluster, clusterId);
        Assert.Equal(new ulong[] { 1, 7 }, fetched.Select(m => m.Id));
        Assert.True(fetched[1].IsLearner);
        Assert.Equal("http://127.0.0.1:7", fetched[1].PeerUrls.Single());
    }

    private static (TestPeer Sender, TestPeer Receiver) Pair(Func<Message, Stream, CancellationToken, Task> send, Func<Message, Stream, CancellationToken, Task> receive,
        Func<Message, Message>? prepare = null)
    {
        var urls = new Dictionary<ulong, string>();
        var sender = new TestPeer(Cluster, 1, id => urls.GetValueOrDefault(id), sendSnapshot: (message, _) =>
        {
            var prepared = prepare?.Invoke(message) ?? message;
            return Task.FromResult(new OutgoingSnapshot(prepared, (stream, cancel) => send(prepared, stream, cancel)));
        });
        var receiver = new TestPeer(Cluster, 2, id => urls.GetValueOrDefault(id), receiveSnapshot: receive);
        urls[1] = sender.Url;
        urls[2] = receiver.Url;
        return (sender, receiver);
    }
}
