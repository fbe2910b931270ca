using System.CommandLine;
using System.Globalization;
using Engine.Api.Cli.Client;
using Engine.Api.Cli.Output;
using Engine.Api.Json;
using Engine.Protocol;

namespace Engine.Api.Cli;

/// <summary>etcdctl's <c>lease grant|revoke|timetolive|list|keep-alive</c> over the JSON gateway (ids in hex), with its messages and exit codes.</summary>
public static class LeaseCommands
{
    public static Command Build()
    {
        var lease = new Command("lease", "Lease related commands");
        lease.Subcommands.Add(Grant());
        lease.Subcommands.Add(KeepAlive());
        lease.Subcommands.Add(List());
        lease.Subcommands.Add(Revoke());
        lease.Subcommands.Add(TimeToLive());
        return lease;
    }

    private static Command Grant()
    {
        var command = new Command("grant", "Creates leases");
        ClientContext.Wire(command, "<ttl>", async (ctx, args, parse, cancel) =>
        {
            if (args.Length != 1)
            {
                return ctx.BadArgs("lease grant command needs TTL argument");
            }

            if (!long.TryParse(args[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long ttl))
            {
                return ctx.BadArgs($"bad TTL (strconv.ParseInt: parsing \"{args[0]}\": invalid syntax)");
            }

            if (ctx.CheckClient() is { } bad)
            {
                return bad;
            }

            Outcome<LeaseGrantResponse> answer = await ctx.CallAsync<LeaseGrantRequest, LeaseGrantResponse>("/v3/lease/grant", new LeaseGrantRequest { TTL = ttl }, cancel);
            return answer.Error is { } error ? ctx.Fail($"failed to grant lease ({error.Message})") : ctx.Print.Grant(answer.Value!);
        });
        return command;
    }

    private static Command Revoke()
    {
        var command = new Command("revoke", "Revokes leases");
        ClientContext.Wire(command, "<leaseID>", async (ctx, args, parse, cancel) =>
        {
            if (args.Length != 1)
            {
                return ctx.BadArgs("lease revoke command needs 1 argument");
            }

            if (LeaseArg(ctx, args[0]) is not { } lease)
            {
                return CtlExit.BadArgs;
            }

            if (ctx.CheckClient() is { } bad)
            {
                return bad;
            }

            Outcome<LeaseRevokeResponse> answer = await ctx.CallAsync<LeaseRevokeRequest, LeaseRevokeResponse>("/v3/lease/revoke", new LeaseRevokeRequest { ID = lease }, cancel);
            return answer.Error is { } error ? ctx.Fail($"failed to revoke lease ({error.Message})") : ctx.Print.Revoke(lease, answer.Value!);
        });
        return command;
    }

    private static Command TimeToLive()
    {
        var keys = new Option<bool>("--keys") { Description = "Get keys attached to this lease" };
        var command = new Command("timetolive", "Get lease information") { keys };
        ClientContext.Wire(command, "<leaseID> [options]", async (ctx, args, parse, cancel) =>
        {
            if (args.Length != 1)
            {
                return ctx.BadArgs("lease timetolive command needs lease ID as argument");
            }

            if (LeaseArg(ctx, args[0]) is not { } lease)
            {
                return CtlExit.BadArgs;
            }

            if (ctx.CheckClient() is { } bad)
            {
                return bad;
            }

            var request = new LeaseTimeToLiveRequest { ID = lease, Keys = parse.GetValue(keys) };
            Outcome<LeaseTimeToLiveResponse> answer = await ctx.CallAsync<LeaseTimeToLiveRequest, LeaseTimeToLiveResponse>("/v3/lease/timetolive", request, cancel);
            if (answer.Error is { } error)
            {
                return ctx.Fail(error.Message, CtlExit.BadConnection);
            }

            answer.Value!.ID = lease;
            return ctx.Print.TimeToLive(answer.Value, request.Keys);
        });
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "List all active leases");
        ClientContext.Wire(command, "", async (ctx, args, parse, cancel) =>
        {
            if (ctx.CheckClient() is { } bad)
            {
                return bad;
            }

            Outcome<LeaseLeasesResponse> answer = await ctx.CallAsync<LeaseLeasesRequest, LeaseLeasesResponse>("/v3/lease/leases", new LeaseLeasesRequest(), cancel);
            return answer.Error is { } error ? ctx.Fail(error.Message, CtlExit.BadConnection) : ctx.Print.Leases(answer.Value!);
        });
        return command;
    }

    private static Command KeepAlive()
    {
        var once = new Option<bool>("--once") { Description = "Resets the keep-alive time to its original value and exits immediately" };
        var command = new Command("keep-alive", "Keeps leases alive (renew)") { once };
        ClientContext.Wire(command, "[options] <leaseID>", async (ctx, args, parse, cancel) =>
        {
            if (args.Length != 1)
            {
                return ctx.BadArgs("lease keep-alive command needs lease ID as argument");
            }

            if (LeaseArg(ctx, args[0]) is not { } lease)
            {
                return CtlExit.BadArgs;
            }

            if (ctx.CheckClient() is { } bad)
            {
                return bad;
            }

            while (!cancel.IsCancellationRequested)
            {
                (LeaseKeepAliveResponse? answer, EtcdError? error) = await RenewAsync(ctx, lease, cancel);
                if (error is not null)
                {
                    return cancel.IsCancellationRequested ? CtlExit.Success : ctx.Fail(error.Message, CtlExit.BadConnection);
                }

                if (answer is null || answer.TTL <= 0)
                {
                    if (parse.GetValue(once))
                    {
                        return ctx.Fail("etcdserver: requested lease not found", CtlExit.BadConnection);
                    }

                    ctx.Out.WriteLine($"lease {Printer.LeaseId(lease)} expired or revoked.");
                    return CtlExit.Success;
                }

                int printed = ctx.Print.KeepAlive(answer);
                ctx.Out.Flush();
                if (printed != CtlExit.Success || parse.GetValue(once))
                {
                    return printed;
                }

                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(Math.Max(1, answer.TTL / 3.0)), cancel);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            return CtlExit.Success;
        });
        return command;
    }

    /// <summary>One keep-alive round trip over the gateway's stream (tries each endpoint until one answers).</summary>
    public static async Task<(LeaseKeepAliveResponse? Answer, EtcdError? Error)> RenewAsync(ClientContext ctx, long lease, CancellationToken cancel)
    {
        byte[] body = GatewayJson.ToUtf8(new LeaseKeepAliveRequest { ID = lease });
        EtcdError? last = null;
        foreach (string endpoint in ctx.Endpoints.Length > 0 ? ctx.Endpoints : [ctx.Client.Endpoint])
        {
            LeaseKeepAliveResponse? answer = null;
            last = await ctx.For(endpoint).StreamAsync<LeaseKeepAliveResponse>("/v3/lease/keepalive", body, response =>
            {
                answer = response;
                return Task.FromResult(false);
            }, cancel);
            if (last is not { Code: GrpcCode.Unavailable })
            {
                return (answer, last);
            }
        }

        return (null, last);
    }

    /// <summary>A lease id argument in hex, or null after printing etcdctl's error.</summary>
    private static long? LeaseArg(ClientContext ctx, string text)
    {
        if (KvCommands.ParseHex(text) is { } id)
        {
            return id;
        }

        ctx.BadArgs($"bad lease ID arg ({KvCommands.HexError(text)}), expecting ID in Hex");
        return null;
    }
}
