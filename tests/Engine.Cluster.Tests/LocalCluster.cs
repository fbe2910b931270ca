using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Engine.TestKit;

namespace Engine.Cluster.Tests;

/// <summary>A 3-member cluster of real engine processes on loopback, in a temporary directory.</summary>
public sealed class LocalCluster : IDisposable
{
    private readonly TempDir _dir;

    public LocalCluster(int size = 3, string token = "cluster-test")
    {
        _dir = new TempDir("engine-cluster");
        Token = token;
        Members = Enumerable.Range(1, size)
            .Select(i => new ClusterMember($"n{i}", Path.Combine(_dir.Path, $"n{i}"), FreePort(), FreePort()))
            .ToList();
    }

    public string Token { get; }

    public List<ClusterMember> Members { get; }

    public string Directory => _dir.Path;

    public string InitialCluster => string.Join(",", Members.Select(m => $"{m.Name}={m.PeerUrl}"));

    public static int FreePort() => Engine.TestKit.Processes.EngineServeProcess.FreePort();

    public void StartAll(params string[] extra)
    {
        foreach (var member in Members)
        {
            member.Start(InitialCluster, "new", Token, extra);
        }
    }

    /// <summary>Waits until every running member names the same leader, which is one of them; returns it.</summary>
    public async Task<ClusterMember> WaitForLeaderAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var ids = new Dictionary<ClusterMember, ulong>();
        while (clock.Elapsed < timeout)
        {
            var running = Members.Where(m => m.IsRunning).ToList();
            var leaders = await Task.WhenAll(running.Select(m => m.LeaderAsync()));
            if (leaders.All(l => l != 0 && l == leaders[0]))
            {
                foreach (var member in running.Where(m => !ids.ContainsKey(m)))
                {
                    ids[member] = await member.MemberIdAsync();
                }

                var leader = running.FirstOrDefault(m => ids[m] == leaders[0]);
                if (leader is not null)
                {
                    return leader;
                }
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"no agreed leader within {timeout}: {Diagnostics()}");
    }

    /// <summary>
    /// Puts through <paramref name="member"/> as a client does: each attempt gives up after a second (a proposal
    /// forwarded to a leader that just died is lost), retrying until <paramref name="timeout"/>; returns the revision.
    /// </summary>
    public static async Task<long> PutAsync(ClusterMember member, string key, string value, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        string last = "";
        while (clock.Elapsed < timeout)
        {
            try
            {
                using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                var (status, body) = await member.PostAsync("/v3/kv/put", Json.Put(key, value), attempt.Token);
                if (status == HttpStatusCode.OK)
                {
                    return Json.Int64(body.GetProperty("header").GetProperty("revision"));
                }

                last = $"{status} {body}";
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
            {
                last = error.Message;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"put {key} through {member.Name} did not succeed within {timeout}: {last}");
    }

    /// <summary>Waits until every running member has applied <paramref name="revision"/>, then returns their hashkv at it.</summary>
    public async Task<List<long>> HashKvAtAsync(long revision, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        foreach (var member in Members.Where(m => m.IsRunning))
        {
            while (true)
            {
                try
                {
                    var (status, body) = await member.PostAsync("/v3/kv/range", Json.Get("no-such-key", serializable: true));
                    if (status == HttpStatusCode.OK && Json.Int64(body.GetProperty("header").GetProperty("revision")) >= revision)
                    {
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                    // still starting
                }

                if (clock.Elapsed > timeout)
                {
                    throw new TimeoutException($"{member.Name} did not reach revision {revision}: {Diagnostics()}");
                }

                await Task.Delay(50);
            }
        }

        var hashes = new List<long>();
        foreach (var member in Members.Where(m => m.IsRunning))
        {
            var (status, body) = await member.PostAsync("/v3/maintenance/hashkv", $"{{\"revision\":{revision}}}");
            Assert.True(status == HttpStatusCode.OK, $"hashkv on {member.Name}: {status} {body}");
            hashes.Add(Json.Int64(body.GetProperty("hash")));
        }

        return hashes;
    }

    public string Diagnostics() => string.Join(" | ", Members.Select(m =>
    {
        lock (m.Log)
        {
            return $"{m.Name} running={m.IsRunning} log: {string.Join(" / ", m.Log.TakeLast(5))}";
        }
    }));

    public void Dispose()
    {
        foreach (var member in Members)
        {
            member.Dispose();
        }

        _dir.Dispose();
    }
}
