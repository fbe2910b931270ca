using System.CommandLine;
using Engine.Api.Cli.Client;
using Engine.Api.Json;
using Engine.Protocol;

namespace Engine.Api.Cli;

/// <summary>etcdctl's <c>lease grant|revoke|timetolive|list|keep-alive</c> over the JSON gateway (ids in hex).</summary>
public static class LeaseCommands
{
    public static Command Build()
    {
        var lease = new Command("lease", "Lease related commands.");
        lease.Subcommands.Add(Grant());
        lease.Subcommands.Add(Revoke());
        lease.Subcommands.Add(TimeToLive());
        lease.Subcommands.Add(List());
        lease.Subcommands.Add(KeepAlive());
        return lease;
    }

    private static Command Grant()
    {
        var ttl = new Argument<long>("ttl");
        var command = new Command("grant", "Creates leases.") { ttl };
        ClientContext.Wire(command, async (ctx, parse, cancel) =>
        {
            Outcome<LeaseGrantResponse> answer = await ctx.Client.CallAsync<LeaseGrantRequest, LeaseGrantResponse>("/v3/lease/grant", new LeaseGrantRequest { TTL = parse.GetValue(ttl) }, cancel);
            if (answer.Error is { } error)
            {
                return ctx.Fail($"failed to grant lease ({error.Message})");
            }

            ctx.Out.WriteLine(ctx.Json ? GatewayJson.ToJson(answer.Value!) : $"lease {Text.Hex(answer.Value!.ID)} granted with TTL({answer.Value.TTL}s)");
            return 0;
        });
        return command;
    }

    private static Command Revoke()
    {
        var id = new Argument<string>("leaseID");
        var command = new Command("revoke", "Revokes leases.") { id };
        ClientContext.Wire(command, async (ctx, parse, cancel) =>
        {
            if (!KvCommands.TryHex(parse.GetValue(id)!, out long lease))
            {
                return ctx.Fail($"bad lease ID arg ({parse.GetValue(id)}), expecting ID in Hex");
            }

            Outcome<LeaseRevokeResponse> answer = await ctx.Client.CallAsync<LeaseRevokeRequest, LeaseRevokeResponse>("/v3/lease/revoke", new LeaseRevokeRequest { ID = lease }, cancel);
            if (answer.Error is { } error)
            {
                return ctx.Fail($"failed to revoke lease ({error.Message})");
            }

            ctx.Out.WriteLine(ctx.Json ? GatewayJson.ToJson(answer.Value!) : $"lease {Text.Hex(lease)} revoked");
            return 0;
        });
        return command;
    }

    private static Command TimeToLive()
    {
        var id = new Argument<string>("leaseID");
        var keys = new Option<bool>("--keys") { Description = "Get keys attached to this lease." };
        var command = new Command("timetolive", "Get lease information.") { id, keys };
        ClientContext.Wire(command, async (ctx, parse, cancel) =>
        {
            if (!KvCommands.TryHex(parse.GetValue(id)!, out long lease))
            {
                return ctx.Fail($"bad lease ID arg ({parse.GetValue(id)}), expecting ID in Hex");
            }

            var request = new LeaseTimeToLiveRequest { ID = lease, Keys = parse.GetValue(keys) };
            Outcome<LeaseTimeToLiveResponse> answer = await ctx.Client.CallAsync<LeaseTimeToLiveRequest, LeaseTimeToLiveResponse>("/v3/lease/timetolive", request, cancel);
            if (answer.Error is { } error)
            {
                return ctx.Fail(error);
            }

            LeaseTimeToLiveResponse t = answer.Value!;
            if (ctx.Json)
            {
                ctx.Out.WriteLine(GatewayJson.ToJson(t));
            }
            else if (t.TTL == -1)
            {
                ctx.Out.WriteLine($"lease {Text.Hex(lease)} already expired");
            }
            else
            {
                string attached = request.Keys ? $", attached keys([{string.Join(" ", (t.Keys ?? []).Select(Text.Str))}])" : "";
                ctx.Out.WriteLine($"lease {Text.Hex(lease)} granted with TTL({t.GrantedTTL}s), remaining({t.TTL}s){attached}");
            }

            return 0;
        });
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "List all active leases.");
        ClientContext.Wire(command, async (ctx, parse, cancel) =>
        {
            Outcome<LeaseLeasesResponse> answer = await ctx.Client.CallAsync<LeaseLeasesRequest, LeaseLeasesResponse>("/v3/lease/leases", new LeaseLeasesRequest(), cancel);
            if (answer.Error is { } error)
            {
                return ctx.Fail($"failed to list leases ({error.Message})");
            }

            if (ctx.Json)
            {
                ctx.Out.WriteLine(GatewayJson.ToJson(answer.Value!));
                return 0;
            }

            List<LeaseStatus> leases = answer.Value!.Leases ?? [];
            ctx.Out.WriteLine($"found {leases.Count} leases");
            foreach (LeaseStatus lease in leases)
            {
                ctx.Out.WriteLine(Text.Hex(lease.ID));
            }

            return 0;
        });
        return command;
    }

    private static Command KeepAlive()
    {
        var id = new Argument<string>("leaseID");
        var once = new Option<bool>("--once") { Description = "Resets the keep-alive time to its original value and exits immediately." };
        var command = new Command("keep-alive", "Keeps leases alive (renew).") { id, once };
        ClientContext.Wire(command, async (ctx, parse, cancel) =>
        {
            if (!KvCommands.TryHex(parse.GetValue(id)!, out long lease))
            {
                return ctx.Fail($"bad lease ID arg ({parse.GetValue(id)}), expecting ID in Hex");
            }

            byte[] body = GatewayJson.ToUtf8(new LeaseKeepAliveRequest { ID = lease });
            while (!cancel.IsCancellationRequested)
            {
                long ttl = 0;
                EtcdError? error = await ctx.Client.StreamAsync<LeaseKeepAliveResponse>("/v3/lease/keepalive", body, answer =>
                {
                    ttl = answer.TTL;
                    ctx.Out.WriteLine(ctx.Json ? GatewayJson.ToJson(answer) : $"lease {Text.Hex(lease)} keepalived with TTL({answer.TTL})");
                    return Task.FromResult(true);
                }, cancel);
                if (error is not null)
                {
                    return ctx.Fail(error);
                }

                if (ttl <= 0)
                {
                    ctx.Out.WriteLine($"lease {Text.Hex(lease)} expired or revoked.");
                    return parse.GetValue(once) ? ClientContext.FailureExitCode : 0;
                }

                if (parse.GetValue(once))
                {
                    return 0;
                }

                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(Math.Max(1, ttl / 3.0)), cancel);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            return 0;
        });
        return command;
    }
}
