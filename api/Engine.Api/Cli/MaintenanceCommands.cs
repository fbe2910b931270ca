using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Engine.Api.Cli.Client;
using Engine.Api.Json;
using Engine.Protocol;

namespace Engine.Api.Cli;

/// <summary>etcdctl's cluster and maintenance commands: <c>member list</c>, <c>endpoint status|health|hashkv</c>, <c>defrag</c>, <c>alarm list|disarm</c>.</summary>
public static class MaintenanceCommands
{
    public static Command Member()
    {
        var list = new Command("list", "Lists all members in the cluster.");
        ClientContext.Wire(list, async (ctx, parse, cancel) =>
        {
            Outcome<MemberListResponse> answer = await ctx.Client.CallAsync<MemberListRequest, MemberListResponse>("/v3/cluster/member/list", new MemberListRequest { Linearizable = true }, cancel);
            if (answer.Error is { } error)
            {
                return ctx.Fail(error);
            }

            if (ctx.Json)
            {
                ctx.Out.WriteLine(GatewayJson.ToJson(answer.Value!));
                return 0;
            }

            List<string[]> rows = (answer.Value!.Members ?? []).Select(m => new[]
            {
                Text.Hex(m.ID), string.IsNullOrEmpty(m.Name) ? "unstarted" : "started", m.Name ?? "",
                string.Join(",", m.PeerURLs ?? []), string.Join(",", m.ClientURLs ?? []), m.IsLearner ? "true" : "false",
            }).ToList();
            ctx.Out.Write(ctx.WriteOut == "table"
                ? Text.Table(["ID", "Status", "Name", "Peer Addrs", "Client Addrs", "Is Learner"], rows)
                : string.Concat(rows.Select(r => string.Join(", ", r) + "\n")));
            return 0;
        });
        return new Command("member", "Membership related commands.") { list };
    }

    public static Command Endpoint()
    {
        var endpoint = new Command("endpoint", "Endpoint related commands.");
        endpoint.Subcommands.Add(Status());
        endpoint.Subcommands.Add(Health());
        endpoint.Subcommands.Add(HashKv());
        return endpoint;
    }

    public static Command Defrag()
    {
        var command = new Command("defrag", "Defragments the storage of the members with given endpoints.");
        ClientContext.Wire(command, async (ctx, parse, cancel) =>
        {
            Outcome<DefragmentResponse> answer = await ctx.Client.CallAsync<DefragmentRequest, DefragmentResponse>("/v3/maintenance/defragment", new DefragmentRequest(), cancel);
            if (answer.Error is { } error)
            {
                return ctx.Fail($"Failed to defragment etcd member[{ctx.Client.Endpoint}]. {error.Message}");
            }

            ctx.Out.WriteLine($"Finished defragmenting etcd member[{ctx.Client.Endpoint}]");
            return 0;
        });
        return command;
    }

    public static Command Alarm()
    {
        var alarm = new Command("alarm", "Alarm related commands.");
        foreach ((string name, AlarmAction action, string help) in new[] { ("list", AlarmAction.Get, "Lists all alarms."), ("disarm", AlarmAction.Deactivate, "Disarms all alarms.") })
        {
            var command = new Command(name, help);
            ClientContext.Wire(command, async (ctx, parse, cancel) =>
            {
                Outcome<AlarmResponse> answer = await ctx.Client.CallAsync<AlarmRequest, AlarmResponse>("/v3/maintenance/alarm", new AlarmRequest { Action = action }, cancel);
                if (answer.Error is { } error)
                {
                    return ctx.Fail(error);
                }

                if (ctx.Json)
                {
                    ctx.Out.WriteLine(GatewayJson.ToJson(answer.Value!));
                    return 0;
                }

                foreach (AlarmMember member in answer.Value!.Alarms ?? [])
                {
                    ctx.Out.WriteLine($"memberID:{member.MemberID} alarm:{AlarmName(member.Alarm)} ");
                }

                return 0;
            });
            alarm.Subcommands.Add(command);
        }

        return alarm;
    }

    private static Command Status()
    {
        var command = new Command("status", "Prints out the status of endpoints specified in `--endpoints` flag.");
        ClientContext.Wire(command, async (ctx, parse, cancel) =>
        {
            Outcome<StatusResponse> answer = await ctx.Client.CallAsync<StatusRequest, StatusResponse>("/v3/maintenance/status", new StatusRequest(), cancel);
            if (answer.Error is { } error)
            {
                return ctx.Fail($"failed to fetch endpoint status of {ctx.Client.Endpoint}: {error.Message}");
            }

            StatusResponse s = answer.Value!;
            if (ctx.Json)
            {
                ctx.Out.WriteLine($"[{{\"Endpoint\":{JsonSerializer.Serialize(ctx.Client.Endpoint, ApiJsonContext.Default.String)},\"Status\":{GatewayJson.ToJson(s)}}}]");
                return 0;
            }

            string[] row =
            [
                ctx.Client.Endpoint, Text.Hex(s.Header?.MemberId ?? 0), s.Version ?? "", s.StorageVersion ?? "", Text.Size(s.DbSize), Text.Size(s.DbSizeInUse),
                s.DbSize == 0 ? "0%" : $"{100 * (s.DbSize - s.DbSizeInUse) / s.DbSize}%", Text.Size(s.DbSizeQuota),
                (s.Leader != 0 && s.Leader == s.Header?.MemberId) ? "true" : "false", s.IsLearner ? "true" : "false",
                s.RaftTerm.ToString(), s.RaftIndex.ToString(), s.RaftAppliedIndex.ToString(), string.Join(", ", s.Errors ?? []),
            ];
            ctx.Out.Write(ctx.WriteOut == "table"
                ? Text.Table(["Endpoint", "ID", "Version", "Storage Version", "DB Size", "In Use", "Percentage not in use", "Quota", "Is Leader", "Is Learner", "Raft Term", "Raft Index", "Raft Applied Index", "Errors"], [row])
                : string.Join(", ", row) + "\n");
            return 0;
        });
        return command;
    }

    private static Command Health()
    {
        var command = new Command("health", "Checks the healthiness of endpoints specified in `--endpoints` flag.");
        ClientContext.Wire(command, async (ctx, parse, cancel) =>
        {
            var clock = Stopwatch.StartNew();
            Outcome<RangeResponse> read = await ctx.Client.CallAsync<RangeRequest, RangeResponse>("/v3/kv/range", new RangeRequest { Key = "health"u8.ToArray() }, cancel);
            string? problem = read.Error?.Message;
            if (problem is null)
            {
                Outcome<AlarmResponse> alarms = await ctx.Client.CallAsync<AlarmRequest, AlarmResponse>("/v3/maintenance/alarm", new AlarmRequest { Action = AlarmAction.Get }, cancel);
                problem = alarms.Error?.Message ?? (alarms.Value!.Alarms is { Count: > 0 } active ? $"Active Alarm(s): {string.Join(", ", active.Select(a => AlarmName(a.Alarm)))}" : null);
            }

            string took = $"{clock.Elapsed.TotalMilliseconds:0.######}ms";
            bool healthy = problem is null;
            if (ctx.Json)
            {
                ctx.Out.WriteLine($"[{{\"endpoint\":{Quote(ctx.Client.Endpoint)},\"health\":{(healthy ? "true" : "false")},\"took\":{Quote(took)}{(healthy ? "" : ",\"error\":" + Quote(problem!))}}}]");
            }
            else if (ctx.WriteOut == "table")
            {
                ctx.Out.Write(Text.Table(["Endpoint", "Health", "Took", "Error"], [[ctx.Client.Endpoint, healthy ? "true" : "false", took, problem ?? ""]]));
            }
            else if (healthy)
            {
                ctx.Out.WriteLine($"{ctx.Client.Endpoint} is healthy: successfully committed proposal: took = {took}");
            }

            if (!healthy)
            {
                ctx.Err.WriteLine($"{ctx.Client.Endpoint} is unhealthy: failed to commit proposal: {problem}");
                return ctx.Fail("unhealthy cluster");
            }

            return 0;
        });
        return command;
    }

    private static Command HashKv()
    {
        var rev = new Option<long>("--rev") { Description = "Maximum revision to hash (0 = latest)." };
        var command = new Command("hashkv", "Prints the KV history hash for each endpoint in --endpoints.") { rev };
        ClientContext.Wire(command, async (ctx, parse, cancel) =>
        {
            Outcome<HashKVResponse> answer = await ctx.Client.CallAsync<HashKVRequest, HashKVResponse>("/v3/maintenance/hashkv", new HashKVRequest { Revision = parse.GetValue(rev) }, cancel);
            if (answer.Error is { } error)
            {
                return ctx.Fail(error);
            }

            HashKVResponse h = answer.Value!;
            if (ctx.Json)
            {
                ctx.Out.WriteLine($"[{{\"Endpoint\":{Quote(ctx.Client.Endpoint)},\"HashKV\":{GatewayJson.ToJson(h)}}}]");
            }
            else if (ctx.WriteOut == "table")
            {
                ctx.Out.Write(Text.Table(["Endpoint", "Hash", "Hash Revision"], [[ctx.Client.Endpoint, h.Hash.ToString(), h.HashRevision.ToString()]]));
            }
            else
            {
                ctx.Out.WriteLine($"{ctx.Client.Endpoint}, {h.Hash}, {h.HashRevision}");
            }

            return 0;
        });
        return command;
    }

    private static string Quote(string text) => JsonSerializer.Serialize(text, ApiJsonContext.Default.String);

    private static string AlarmName(AlarmType alarm) => alarm switch
    {
        AlarmType.NoSpace => "NOSPACE",
        AlarmType.Corrupt => "CORRUPT",
        _ => "NONE",
    };
}
