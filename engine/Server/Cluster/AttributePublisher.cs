using System.Text.Json;
using Engine.Protocol;
using Engine.Server.Entries;
using Engine.Server.Observability;
using Engine.Server.Proposals;
using Engine.Server.State;

namespace Engine.Server.Cluster;

/// <summary>
/// Publishing this member's name and client URLs through raft once it runs (etcd's publishV3): until the
/// attributes are applied, the member is "not started" for strict reconfiguration, and other members do
/// not know where its clients connect (promote is forwarded to the leader's client URL).
/// </summary>
internal sealed class AttributePublisher(MemberStateHolder state, Proposer proposer, Raft.RaftLoopStatus raft, ServerOptions options)
{
    private static readonly TimeSpan PublishRetry = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan PublishPoll = TimeSpan.FromMilliseconds(50);
    private volatile bool _published;
    private volatile bool _stopped;

    /// <summary>True once this member's attributes are applied: <c>/health</c> turns true.</summary>
    public bool IsPublished => _published;

    public void Start() => _ = Task.Run(PublishAttributesAsync);

    public void Stop() => _stopped = true;

    private async Task PublishAttributesAsync()
    {
        ulong memberId = proposer.MemberId;
        var clientUrls = SplitUrls(options.AdvertiseClientUrls);
        while (!_stopped)
        {
            var members = state.Current.Members;
            if (members.Find(memberId) is null)
            {
                // A joining member learns its own record from the leader's log; a removed one never will.
                if (members.IsRemoved(memberId))
                {
                    return;
                }
            }
            else if (proposer.Leader != 0)
            {
                var change = new MemberAttributesChange { MemberId = memberId, Name = options.Name, ClientUrls = clientUrls };
                var published = await proposer.ProposeAsync<object>(new RaftRequest { MemberAttributes = change }, CancellationToken.None).ConfigureAwait(false);
                if (!published.IsError)
                {
                    _published = true;
                    LogInfo("published local member to cluster through raft");
                    return;
                }

                await Task.Delay(PublishRetry).ConfigureAwait(false);
                continue;
            }

            if (proposer.Leader != 0 && proposer.Applied.Applied < raft.CommittedIndex)
            {
                // This member's own record arrives with committed entries (the bootstrap conf changes, or the
                // leader's log for a joining member): wait for them to be applied rather than for the next poll.
                try
                {
                    await proposer.Applied.WaitFor(raft.CommittedIndex).WaitAsync(PublishPoll).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    // still catching up: look again
                }

                continue;
            }

            // Woken at once when a leader becomes known (the usual case at start), else polled.
            await proposer.WaitForLeaderAsync(PublishPoll).ConfigureAwait(false);
        }
    }

    private static List<string> SplitUrls(string urls) =>
        [.. urls.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private void LogInfo(string message) =>
        Console.Error.WriteLine($"{{\"level\":\"info\",\"msg\":{JsonSerializer.Serialize(message, ServerJsonContext.Default.String)},\"local-member-id\":\"{proposer.MemberId:x}\",\"name\":{JsonSerializer.Serialize(options.Name, ServerJsonContext.Default.String)}}}");
}
