using System.Net.Sockets;
using Engine.Raft;
using Engine.Server.Transport;

namespace Engine.Cluster.Tests;

/// <summary>
/// The peer transport between two in-process members on loopback: raft messages arrive intact and in
/// order, the handshake refuses another cluster and removed members, a broken stream is redialled, and a
/// message that cannot be delivered is dropped and reported unreachable instead of blocking raft's loop.
/// </summary>
public sealed class PeerTransportTests
{
    private const ulong Cluster = 0xC1;

    [Fact]
    public void Messages_arrive_intact_and_in_order_in_both_directions()
    {
        var urls = new Dictionary<ulong, string>();
        using var a = new TestPeer(Cluster, 1, id => urls.GetValueOrDefault(id));
        using var b = new TestPeer(Cluster, 2, id => urls.GetValueOrDefault(id));
        urls[1] = a.Url;
        urls[2] = b.Url;
        a.Transport.Connect(2);
        b.Transport.Connect(1);
        TestPeer.WaitUntil(() => a.Transport.IsConnected(2) && b.Transport.IsConnected(1), "both streams");

        var random = new Random(12);
        var sent = new List<Message>();
        for (int i = 0; i < 500; i++)
        {
            byte[] data = new byte[random.Next(0, 3000)];
            random.NextBytes(data);
            var message = new Message
            {
                Type = MessageType.MsgApp, From = 1, To = 2, Term = 3, LogTerm = 3, Index = (ulong)i, Commit = (ulong)i,
                Entries = [new Entry(3, (ulong)i + 1, EntryType.Normal, data)], Context = i % 7 == 0 ? new byte[] { 1, 2, 3 } : default,
            };
            sent.Add(message);
            a.Transport.Send([message]);
        }

        b.Transport.Send([new Message { Type = MessageType.MsgAppResp, From = 2, To = 1, Term = 3, Index = 499 }]);
        TestPeer.WaitUntil(() => b.Received.Count == sent.Count && a.Received.Count == 1, "all messages");

        var received = b.Received.ToArray();
        for (int i = 0; i < sent.Count; i++)
        {
            Assert.Equal(RaftCodec.ToBytes(sent[i]), RaftCodec.ToBytes(received[i]));
        }

        Assert.True(a.Received.TryPeek(out var answer) && answer.Type == MessageType.MsgAppResp && answer.Index == 499);
        Assert.Empty(a.Unreachable);
    }

    [Fact]
    public void A_large_message_spanning_many_pipe_segments_is_reassembled()
    {
        var urls = new Dictionary<ulong, string>();
        using var a = new TestPeer(Cluster, 1, id => urls.GetValueOrDefault(id));
        using var b = new TestPeer(Cluster, 2, id => urls.GetValueOrDefault(id));
        urls[2] = b.Url;
        a.Transport.Connect(2);
        TestPeer.WaitUntil(() => a.Transport.IsConnected(2), "stream");

        byte[] big = new byte[3 * 1024 * 1024 + 17];
        new Random(5).NextBytes(big);
        var message = new Message { Type = MessageType.MsgApp, From = 1, To = 2, Term = 1, Entries = [new Entry(1, 1, EntryType.Normal, big)] };
        a.Transport.Send([message]);
        TestPeer.WaitUntil(() => b.Received.Count == 1, "the large message");

        Assert.True(b.Received.TryDequeue(out var got));
        Assert.Equal(big, got.Entries[0].Data.ToArray());
    }

    [Fact]
    public void A_member_of_another_cluster_is_refused_and_nothing_is_delivered()
    {
        var urls = new Dictionary<ulong, string>();
        using var stranger = new TestPeer(0xBAD, 1, id => urls.GetValueOrDefault(id));
        using var b = new TestPeer(Cluster, 2, id => urls.GetValueOrDefault(id));
        urls[2] = b.Url;
        stranger.Transport.Connect(2);
        Thread.Sleep(300);
        stranger.Transport.Send([new Message { Type = MessageType.MsgHeartbeat, From = 1, To = 2, Term = 9 }]);

        Assert.False(stranger.Transport.IsConnected(2));
        Assert.Contains(2UL, stranger.Unreachable);
        Assert.Empty(b.Received);
    }

    [Fact]
    public void A_removed_member_cannot_rejoin_its_connection_is_refused()
    {
        var urls = new Dictionary<ulong, string>();
        using var removed = new TestPeer(Cluster, 1, id => urls.GetValueOrDefault(id));
        using var b = new TestPeer(Cluster, 2, id => urls.GetValueOrDefault(id), isRemoved: id => id == 1);
        urls[2] = b.Url;
        removed.Transport.Connect(2);
        Thread.Sleep(300);
        removed.Transport.Send([new Message { Type = MessageType.MsgHeartbeat, From = 1, To = 2, Term = 9 }]);

        Assert.False(removed.Transport.IsConnected(2));
        Assert.Empty(b.Received);
    }

    [Theory]
    [InlineData(0xC1UL, 2UL, (byte)HandshakeStatus.Accepted)]
    [InlineData(0xC2UL, 2UL, (byte)HandshakeStatus.ClusterMismatch)]
    [InlineData(0xC1UL, 3UL, (byte)HandshakeStatus.WrongMember)]
    public async Task The_handshake_answer_names_why_a_connection_is_refused(ulong clusterId, ulong to, byte expected)
    {
        using var b = new TestPeer(Cluster, 2, _ => null);
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", b.Transport.ListenEndpoint!.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(RawHello(clusterId: clusterId, from: 1, to: to));
        byte[] answer = new byte[1];
        await stream.ReadExactlyAsync(answer);
        Assert.Equal(expected, answer[0]);
    }

    [Fact]
    public async Task A_message_forged_with_another_sender_id_closes_the_stream_undelivered()
    {
        using var b = new TestPeer(Cluster, 2, _ => null);
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", b.Transport.ListenEndpoint!.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(RawHello(clusterId: Cluster, from: 1, to: 2UL));
        await stream.ReadExactlyAsync(new byte[1]);
        byte[] forged = RaftCodec.ToBytes(new Message { Type = MessageType.MsgVote, From = 7, To = 2, Term = 99 });
        await stream.WriteAsync(BitConverter.GetBytes(forged.Length));
        await stream.WriteAsync(forged);
        int read = await stream.ReadAsync(new byte[1]).AsTask().WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(0, read);
        Assert.Empty(b.Received);
    }

    [Fact]
    public void A_restarted_peer_is_redialled_and_messages_flow_again()
    {
        var urls = new Dictionary<ulong, string>();
        using var a = new TestPeer(Cluster, 1, id => urls.GetValueOrDefault(id));
        var b = new TestPeer(Cluster, 2, id => urls.GetValueOrDefault(id));
        int port = b.Transport.ListenEndpoint!.Port;
        urls[2] = b.Url;
        a.Transport.Connect(2);
        TestPeer.WaitUntil(() => a.Transport.IsConnected(2), "first stream");
        b.Dispose();
        TestPeer.WaitUntil(() => !a.Transport.IsConnected(2), "loss noticed");
        a.Transport.Send([new Message { Type = MessageType.MsgHeartbeat, From = 1, To = 2, Term = 1 }]);
        Assert.Contains(2UL, a.Unreachable);

        using var again = new TestPeer(Cluster, 2, id => urls.GetValueOrDefault(id), port);
        TestPeer.WaitUntil(() => a.Transport.IsConnected(2), "redialled stream");
        a.Transport.Send([new Message { Type = MessageType.MsgHeartbeat, From = 1, To = 2, Term = 2 }]);
        TestPeer.WaitUntil(() => again.Received.Count == 1, "message after redial");
        Assert.Equal(2UL, again.Received.Single().Term);
    }

    [Fact]
    public void Sending_to_an_unreachable_peer_never_blocks_and_reports_every_drop()
    {
        int deadPort = FreePort();
        using var a = new TestPeer(Cluster, 1, _ => $"http://127.0.0.1:{deadPort}", queueCapacity: 4);
        var started = DateTime.UtcNow;
        for (int i = 0; i < 10_000; i++)
        {
            a.Transport.Send([new Message { Type = MessageType.MsgApp, From = 1, To = 2, Term = 1, Index = (ulong)i }]);
        }

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(2), "Send blocked on an unreachable peer");
        Assert.Equal(10_000, a.Unreachable.Count(id => id == 2));
    }

    [Fact]
    public void A_snapshot_message_without_a_snapshot_sender_is_reported_failed()
    {
        using var a = new TestPeer(Cluster, 1, _ => "http://127.0.0.1:1");
        var snapshot = new Snapshot(new SnapshotMetadata(10, 2, new ConfState([1, 2], [])), ReadOnlyMemory<byte>.Empty);
        a.Transport.Send([new Message { Type = MessageType.MsgSnap, From = 1, To = 2, Term = 2, Snapshot = snapshot }]);
        TestPeer.WaitUntil(() => !a.Snapshots.IsEmpty, "snapshot report");

        Assert.Equal((2UL, SnapshotStatus.Failure), a.Snapshots.Single());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A message-stream handshake written by hand (PROTOCOL.md): magic, version 1, kind 1, cluster, from, to.</summary>
    private static byte[] RawHello(ulong clusterId, ulong from, ulong to)
    {
        byte[] hello = new byte[30];
        BitConverter.TryWriteBytes(hello.AsSpan(0), 0x50474E45u);
        hello[4] = 1;
        hello[5] = 1;
        BitConverter.TryWriteBytes(hello.AsSpan(6), clusterId);
        BitConverter.TryWriteBytes(hello.AsSpan(14), from);
        BitConverter.TryWriteBytes(hello.AsSpan(22), to);
        return hello;
    }
}
