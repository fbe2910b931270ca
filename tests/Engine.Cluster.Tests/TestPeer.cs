using System.Collections.Concurrent;
using Engine.Raft;
using Engine.Server.Transport;

namespace Engine.Cluster.Tests;

/// <summary>An in-process <see cref="PeerTransport"/> on loopback that records what it receives and reports.</summary>
internal sealed class TestPeer : IDisposable
{
    public TestPeer(ulong clusterId, ulong memberId, Func<ulong, string?> resolve, int port = 0, Func<ulong, bool>? isRemoved = null,
        int queueCapacity = 4096, Func<Message, CancellationToken, Task<OutgoingSnapshot>>? sendSnapshot = null,
        Func<Message, Stream, CancellationToken, Task>? receiveSnapshot = null, IReadOnlyList<Engine.Membership.MemberRecord>? members = null)
    {
        MemberId = memberId;
        Transport = new PeerTransport(new PeerTransportOptions
        {
            ClusterId = clusterId,
            MemberId = memberId,
            ListenUrl = $"http://127.0.0.1:{port}",
            ResolvePeerUrl = resolve,
            IsRemoved = isRemoved ?? (_ => false),
            Deliver = Received.Enqueue,
            ReportUnreachable = Unreachable.Enqueue,
            ReportSnapshot = (id, status) => Snapshots.Enqueue((id, status)),
            QueueCapacity = queueCapacity,
            SendSnapshot = sendSnapshot,
            ReceiveSnapshot = receiveSnapshot,
            Members = members is null ? null : () => members,
            InitialBackoff = TimeSpan.FromMilliseconds(20),
            MaxBackoff = TimeSpan.FromMilliseconds(200),
        });
        Transport.Start();
    }

    public ulong MemberId { get; }

    public PeerTransport Transport { get; }

    public string Url => $"http://127.0.0.1:{Transport.ListenEndpoint!.Port}";

    public ConcurrentQueue<Message> Received { get; } = new();

    public ConcurrentQueue<ulong> Unreachable { get; } = new();

    public ConcurrentQueue<(ulong, SnapshotStatus)> Snapshots { get; } = new();

    public static void WaitUntil(Func<bool> condition, string what, int timeoutMs = 5000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"timed out waiting for {what}");
            }

            Thread.Sleep(5);
        }
    }

    public void Dispose() => Transport.Dispose();
}
