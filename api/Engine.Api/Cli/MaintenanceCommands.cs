using System.CommandLine;
using System.Diagnostics;
using Engine.Api.Cli.Client;
using Engine.Api.Cli.Output;
using Engine.Protocol;

namespace Engine.Api.Cli;

/// <summary>
/// etcdctl's maintenance commands: <c>endpoint health|status|hashkv</c> and <c>defrag</c> over every
/// <c>--endpoints</c> entry (or every member's client URLs with <c>--cluster</c>), and <c>alarm list|disarm</c>.
/// </summary>
public static class MaintenanceCommands
{
    public static Command Endpoint()
    {
        var endpoint = new Command("endpoint", "Endpoint related commands");
        endpoint.Subcommands.Add(HashKv());
        endpoint.Subcommands.Add(Health());
        endpoint.Subcommands.Add(Status());
        return endpoint;
    }

    public static Command Defrag()
    {
        var cluster = ClusterFlag();
        var command = new Command("defrag", "Defragments the storage of the etcd members with given endpoints") { cluster };
        ClientContext.Wire(command, "", async (ctx, args, parse, cancel) =>
        {
            if (ctx.CheckClient() is { } bad)
            {
                return bad;
            }

            if (await ClusterEndpointsAsync(ctx, parse.GetValue(cluster), cancel) is { } failed)
            {
                return failed;
            }

            int failures = 0;
            foreach (string endpoint in ctx.Endpoints)
            {
                Outcome<DefragmentResponse> answer = await ctx.For(endpoint).CallAsync<DefragmentRequest, DefragmentResponse>("/v3/maintenance/defragment", new DefragmentRequest(), cancel);
                if (answer.Error is { } error)
                {
                    ctx.Out.Flush();
                    ctx.Err.WriteLine($"Failed to defragment etcd member[{endpoint}] ({error.Message})");
                    failures++;
                }
                else
                {
                    ctx.Out.WriteLine($"Finished defragmenting etcd member[{endpoint}]");
                }
            }

            return failures == 0 ? CtlExit.Success : CtlExit.Error;
        });
        return command;
    }

    public static Command Alarm()
    {
        var alarm = new Command("alarm", "Alarm related commands");
        foreach ((string name, AlarmAction action, string help) in new[] { ("disarm", AlarmAction.Deactivate, "Disarms all alarms"), ("list", AlarmAction.Get, "Lists all alarms") })
        {
            var command = new Command(name, help);
            ClientContext.Wire(command, "", async (ctx, args, parse, cancel) =>
            {
                if (args.Length != 0)
                {
                    return ctx.BadArgs($"alarm {name} command accepts no arguments");
                }

                if (ctx.CheckClient() is { } bad)
                {
                    return bad;
                }

                Outcome<AlarmResponse> answer = await ctx.CallAsync<AlarmRequest, AlarmResponse>("/v3/maintenance/alarm", new AlarmRequest { Action = action }, cancel);
                if (answer.Error is { } error)
                {
                    return ctx.Fail(error);
                }

                return ctx.Print.Alarm(answer.Value!);
            });
            alarm.Subcommands.Add(command);
        }

        return alarm;
    }

    /// <summary>With <c>--cluster</c>, replaces the endpoints by every member's client URLs; an exit code when that fails.</summary>
    public static async Task<int?> ClusterEndpointsAsync(ClientContext ctx, bool cluster, CancellationToken cancel)
    {
        if (!cluster)
        {
            return null;
        }

        Outcome<MemberListResponse> members = await ctx.CallAsync<MemberListRequest, MemberListResponse>("/v3/cluster/member/list", new MemberListRequest(), cancel);
        if (members.Error is { } error)
        {
            return ctx.Fail($"failed to fetch endpoints from etcd cluster member list: {error.Message}");
        }

        ctx.UseEndpoints((members.Value!.Members ?? []).SelectMany(m => m.ClientURLs ?? []));
        return null;
    }

    private static Option<bool> ClusterFlag() => new("--cluster") { Description = "use all endpoints from the cluster member list" };

    private static Command Status()
    {
        var cluster = ClusterFlag();
        var command = new Command("status", "Prints out the status of endpoints specified in `--endpoints` flag") { cluster };
        ClientContext.Wire(command, "", async (ctx, args, parse, cancel) =>
        {
            if (ctx.CheckClient() is { } bad)
            {
                return bad;
            }

            if (await ClusterEndpointsAsync(ctx, parse.GetValue(cluster), cancel) is { } failed)
            {
                return failed;
            }

            var list = new List<(string, StatusResponse)>();
            bool failures = false;
            foreach (string endpoint in ctx.Endpoints)
            {
                Outcome<StatusResponse> answer = await ctx.For(endpoint).CallAsync<StatusRequest, StatusResponse>("/v3/maintenance/status", new StatusRequest(), cancel);
                if (answer.Error is { } error)
                {
                    failures = true;
                    ctx.Err.WriteLine($"Failed to get the status of endpoint {endpoint} ({error.Message})");
                    continue;
                }

                list.Add((endpoint, answer.Value!));
            }

            int printed = ctx.Print.EndpointStatus(list);
            return failures ? CtlExit.Error : printed;
        });
        return command;
    }

    private static Command Health()
    {
        var cluster = ClusterFlag();
        var command = new Command("health", "Checks the healthiness of endpoints specified in `--endpoints` flag") { cluster };
        ClientContext.Wire(command, "", async (ctx, args, parse, cancel) =>
        {
            if (ctx.CheckClient() is { } bad)
            {
                return bad;
            }

            if (await ClusterEndpointsAsync(ctx, parse.GetValue(cluster), cancel) is { } failed)
            {
                return failed;
            }

            EndpointHealth[] list = await Task.WhenAll(ctx.Endpoints.Select(endpoint => CheckAsync(ctx, endpoint, cancel)));
            int printed = ctx.Print.EndpointHealth(list);
            if (list.Any(h => h.Error is not null))
            {
                return ctx.Fail("unhealthy cluster");
            }

            return printed;
        });
        return command;
    }

    /// <summary>etcdctl's health check of one endpoint: a linearizable read of "health" (permission denied counts as healthy) and no active alarm.</summary>
    private static async Task<EndpointHealth> CheckAsync(ClientContext ctx, string endpoint, CancellationToken cancel)
    {
        GatewayClient client = ctx.For(endpoint);
        var clock = Stopwatch.StartNew();
        Outcome<RangeResponse> read = await client.CallAsync<RangeRequest, RangeResponse>("/v3/kv/range", new RangeRequest { Key = "health"u8.ToArray() }, cancel);
        string took = GoDuration.Format(clock.Elapsed);
        string? problem = read.Error is { Code: not GrpcCode.PermissionDenied } error ? error.Message : null;
        if (problem is null)
        {
            Outcome<AlarmResponse> alarms = await client.CallAsync<AlarmRequest, AlarmResponse>("/v3/maintenance/alarm", new AlarmRequest { Action = AlarmAction.Get }, cancel);
            problem = alarms.Error?.Message
                ?? (alarms.Value!.Alarms is { Count: > 0 } active ? $"Active Alarm(s): {string.Join(", ", active.Select(a => Printer.AlarmName(a.Alarm)))}" : null);
        }

        return new EndpointHealth(endpoint, took, problem);
    }

    private static Command HashKv()
    {
        var cluster = ClusterFlag();
        var rev = new Option<long>("--rev") { Description = "maximum revision to hash (default: all revisions)" };
        var command = new Command("hashkv", "Prints the KV history hash for each endpoint in --endpoints") { cluster, rev };
        ClientContext.Wire(command, "", async (ctx, args, parse, cancel) =>
        {
            if (ctx.CheckClient() is { } bad)
            {
                return bad;
            }

            if (await ClusterEndpointsAsync(ctx, parse.GetValue(cluster), cancel) is { } failed)
            {
                return failed;
            }

            var list = new List<(string, HashKVResponse)>();
            EtcdError? last = null;
            foreach (string endpoint in ctx.Endpoints)
            {
                Outcome<HashKVResponse> answer = await ctx.For(endpoint).CallAsync<HashKVRequest, HashKVResponse>("/v3/maintenance/hashkv", new HashKVRequest { Revision = parse.GetValue(rev) }, cancel);
                if (answer.Error is { } error)
                {
                    last = error;
                    ctx.Err.WriteLine($"Failed to get the hash of endpoint {endpoint} ({error.Message})");
                    continue;
                }

                list.Add((endpoint, answer.Value!));
            }

            int printed = ctx.Print.EndpointHashKv(list);
            return last is not null ? ctx.Fail(last) : printed;
        });
        return command;
    }
}
