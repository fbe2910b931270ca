using System.Net;
using System.Text;
using Engine.TestKit;

namespace Engine.Robustness.Tests;

/// <summary>
/// etcd #14370's lesson against the real binary: a client writes with acknowledgements while the server is
/// SIGKILLed at random moments and restarted, over and over; after each restart every acknowledged write is
/// present with its revision, and revisions never go backwards.
/// </summary>
public sealed class KillNineTests
{
    [Fact]
    public async Task Acknowledged_writes_survive_twenty_kill_nine_restarts()
    {
        using var dir = new TempDir("engine-kill9");
        string data = Path.Combine(dir.Path, "data");
        int port = EngineProcess.FreePort();
        var random = new Random(20261124);
        var acknowledged = new Dictionary<string, long>();
        long lastRevision = 0;
        int next = 0;

        for (int kill = 0; kill < 20; kill++)
        {
            using var engine = EngineProcess.Start(data, port);
            await VerifyAsync(engine, acknowledged, lastRevision);

            using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(random.Next(50, 400)));
            var writer = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    string key = $"key-{next++:D6}";
                    try
                    {
                        var (status, body) = await engine.PostAsync("/v3/kv/put", $"{{\"key\":\"{B64(key)}\",\"value\":\"{B64("value-" + key)}\"}}");
                        if (status == HttpStatusCode.OK)
                        {
                            long revision = long.Parse(body.GetProperty("header").GetProperty("revision").GetString()!);
                            Assert.True(revision > lastRevision, $"revision went backwards: {revision} after {lastRevision}");
                            lastRevision = revision;
                            acknowledged[key] = revision;
                        }
                    }
                    catch (HttpRequestException)
                    {
                        return; // killed mid-request: the outcome is unknown, not acknowledged
                    }
                    catch (TaskCanceledException)
                    {
                        return;
                    }
                }
            });

            await Task.Delay(random.Next(50, 400));
            engine.Kill();
            await writer;
        }

        using var last = EngineProcess.Start(data, port);
        await VerifyAsync(last, acknowledged, lastRevision);
        Assert.True(acknowledged.Count > 20, $"only {acknowledged.Count} writes were acknowledged");
    }

    private static async Task VerifyAsync(EngineProcess engine, Dictionary<string, long> acknowledged, long lastRevision)
    {
        var (status, body) = await engine.PostAsync("/v3/kv/range", $"{{\"key\":\"{B64("key-")}\",\"range_end\":\"{B64("key.")}\"}}");
        Assert.Equal(HttpStatusCode.OK, status);
        var found = new Dictionary<string, long>();
        if (body.TryGetProperty("kvs", out var kvs))
        {
            foreach (var kv in kvs.EnumerateArray())
            {
                string key = Encoding.UTF8.GetString(Convert.FromBase64String(kv.GetProperty("key").GetString()!));
                found[key] = long.Parse(kv.GetProperty("mod_revision").GetString()!);
            }
        }

        foreach (var (key, revision) in acknowledged)
        {
            Assert.True(found.TryGetValue(key, out long have), $"acknowledged write {key} (revision {revision}) was lost");
            Assert.Equal(revision, have);
        }

        long current = long.Parse(body.GetProperty("header").GetProperty("revision").GetString()!);
        Assert.True(current >= lastRevision, $"current revision {current} is behind acknowledged {lastRevision}");
    }

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
