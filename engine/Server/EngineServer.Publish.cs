using System.Text.Json;
using Engine.Protocol;
using Engine.Server.Apply;

namespace Engine.Server;

/// <summary>
/// Publishing this member's name and client URLs through raft once it runs (etcd's publishV3): until the
/// attributes are applied, the member is "not started" for strict reconfiguration, and other members do
/// not know where its clients connect (promote is forwarded to the leader's client URL).
/// </summary>
public sealed partial class EngineServer
{
    private static readonly TimeSpan PublishRetry = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan PublishPoll = TimeSpan.FromMilliseconds(50);
    private readonly SemaphoreSlim _publishWake = new(0);
    private volatile bool _published;

    private async Task PublishAttributesAsync()
    {
        var clientUrls = SplitUrls(Options.AdvertiseClientUrls);
        while (!_stopped)
        {
            if (_members.Find(MemberId) is not { } self)
            {
                // A joining member learns its own record from the leader's log; a removed one never will.
                if (_members.IsRemoved(MemberId))
                {
                    return;
                }
            }
            else if (Leader != 0)
            {
                var change = new MemberAttributesChange { MemberId = MemberId, Name = Options.Name, ClientUrls = clientUrls };
                if (await ProposeAsync(new RaftRequest { MemberAttributes = change }, CancellationToken.None).ConfigureAwait(false) is not EtcdError)
                {
                    _published = true;
                    LogInfo("published local member to cluster through raft");
                    return;
                }

                await Task.Delay(PublishRetry).ConfigureAwait(false);
                continue;
            }

            if (Leader != 0 && _appliedWaiters.Applied < _raft.CommittedIndex)
            {
                // This member's own record arrives with committed entries (the bootstrap conf changes, or the
                // leader's log for a joining member): wait for them to be applied rather than for the next poll.
                try
                {
                    await _appliedWaiters.WaitFor(_raft.CommittedIndex).WaitAsync(PublishPoll).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    // still catching up: look again
                }

                continue;
            }

            // Woken at once when a leader becomes known (the usual case at start), else polled.
            await _publishWake.WaitAsync(PublishPoll).ConfigureAwait(false);
        }
    }

    /// <summary>Called when raft reports a leader: a waiting publish proposes at once instead of at its next poll.</summary>
    private void WakePublisher()
    {
        if (!_published && _publishWake.CurrentCount == 0)
        {
            _publishWake.Release();
        }
    }

    private static List<string> SplitUrls(string urls) =>
        [.. urls.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private void LogInfo(string message) =>
        Console.Error.WriteLine($"{{\"level\":\"info\",\"msg\":{JsonSerializer.Serialize(message, ServerJsonContext.Default.String)},\"local-member-id\":\"{MemberId:x}\",\"name\":{JsonSerializer.Serialize(Options.Name, ServerJsonContext.Default.String)}}}");
}
