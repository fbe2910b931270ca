using System.Text;
using Engine.Api.Json;
using Engine.Protocol;
using Engine.Server;
using Engine.Server.Maintenance;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Primitives;

namespace Engine.Api.Http;

/// <summary>
/// etcd's health surface: <c>GET /health</c> (<c>{"health":"true","reason":""}</c>; 503 and "false" on an
/// active alarm not in <c>?exclude=</c>, no leader unless <c>?serializable=true</c>, or a failed
/// <c>Range(keys_only, limit 1)</c>), <c>/livez</c> and <c>/readyz</c> as etcd 3.6 (text <c>ok</c>,
/// <c>?verbose</c> lists the checks, <c>?exclude=</c> skips one, 503 with <c>[-]check failed</c>), and
/// <c>GET /version</c>. Without a server (null) every check passes.
/// </summary>
public static class HealthEndpoints
{
    private static readonly string[] LivezChecks = ["serializable_read"];
    private static readonly string[] ReadyzChecks = ["data_corruption", "serializable_read", "linearizable_read", "non_learner"];

    public static void Map(IEndpointRouteBuilder app, IEtcdServer? server)
    {
        app.MapGet("/health", (HttpContext context, CancellationToken cancel) => HealthAsync(context, server));
        app.MapGet("/version", () => Results.Json(VersionOf(server), ApiJsonContext.Default.VersionResponse));
        app.MapGet("/livez", (HttpContext context, CancellationToken cancel) => ProbeAsync(context, server, LivezChecks));
        app.MapGet("/readyz", (HttpContext context, CancellationToken cancel) => ProbeAsync(context, server, ReadyzChecks));
    }

    /// <summary>etcd 3.6's /version: <c>etcdcluster</c> is <c>not_decided</c> until the cluster version is set, <c>storage</c> <c>unknown</c> until written.</summary>
    private static VersionResponse VersionOf(IEtcdServer? server)
    {
        if (server is null)
        {
            return new VersionResponse(BuildInfo.ServerVersion, BuildInfo.ClusterVersion, BuildInfo.StorageVersion);
        }

        var versions = server.GetVersions();
        return new VersionResponse(versions.Server, versions.Cluster ?? "not_decided", versions.Storage ?? "unknown");
    }

    private static async Task<IResult> HealthAsync(HttpContext context, IEtcdServer? server)
    {
        string? reason = server is null ? null : await UnhealthyReasonAsync(context, server);
        return reason is null
            ? Results.Json(new HealthResponse("true", ""), ApiJsonContext.Default.HealthResponse)
            : Results.Json(new HealthResponse("false", reason), ApiJsonContext.Default.HealthResponse, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<string?> UnhealthyReasonAsync(HttpContext context, IEtcdServer server)
    {
        StringValues excluded = context.Request.Query["exclude"];
        bool serializable = context.Request.Query["serializable"] == "true";
        ServerHealth health = server.GetHealth();
        if (!health.IsReady)
        {
            return "server not ready";
        }

        foreach (AlarmMember alarm in health.Alarms)
        {
            string name = AlarmName(alarm.Alarm);
            if (!excluded.Contains(name))
            {
                return $"ALARM {name}";
            }
        }

        if (!serializable && !health.HasLeader)
        {
            return "RAFT NO LEADER";
        }

        EtcdError? error = await ReadCheckAsync(server, serializable, context.RequestAborted);
        return error is null ? null : $"QGET ERROR:{error.Message}";
    }

    private static async Task<EtcdError?> ReadCheckAsync(IEtcdServer server, bool serializable, CancellationToken cancel)
    {
        var probe = new RangeRequest { Key = "health"u8.ToArray(), KeysOnly = true, Limit = 1, Serializable = serializable };
        Outcome<RangeResponse> result = await ServerCall.RunAsync(static (s, r, t) => s.RangeAsync(r, t), server, probe, cancel);
        return result.Error;
    }

    private static async Task<IResult> ProbeAsync(HttpContext context, IEtcdServer? server, string[] checks)
    {
        StringValues excluded = context.Request.Query["exclude"];
        var text = new StringBuilder();
        bool failed = false;
        foreach (string check in checks)
        {
            if (excluded.Contains(check))
            {
                text.Append($"[+]{check} excluded: ok\n");
                continue;
            }

            string? failure = server is null ? null : await RunCheckAsync(check, server, context.RequestAborted);
            failed |= failure is not null;
            text.Append(failure is null ? $"[+]{check} ok\n" : $"[-]{check} failed: {failure}\n");
        }

        string probe = context.Request.Path.Value!.TrimStart('/');
        if (failed)
        {
            text.Append(probe).Append(" check failed\n");
            return Results.Text(text.ToString(), "text/plain; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        if (!context.Request.Query.ContainsKey("verbose"))
        {
            return Results.Text("ok\n", "text/plain; charset=utf-8");
        }

        text.Append(probe).Append(" check passed\n");
        return Results.Text(text.ToString(), "text/plain; charset=utf-8");
    }

    private static async Task<string?> RunCheckAsync(string check, IEtcdServer server, CancellationToken cancel)
    {
        ServerHealth health = server.GetHealth();
        switch (check)
        {
            case "data_corruption":
                foreach (AlarmMember alarm in health.Alarms)
                {
                    if (alarm.Alarm == AlarmType.Corrupt)
                    {
                        return "alarm activated: CORRUPT";
                    }
                }

                return null;
            case "non_learner":
                return health.IsLearner ? "this member is a learner" : null;
            case "serializable_read":
                return (await ReadCheckAsync(server, true, cancel))?.Message;
            default:
                return (await ReadCheckAsync(server, false, cancel))?.Message;
        }
    }

    private static string AlarmName(AlarmType alarm) => alarm switch
    {
        AlarmType.NoSpace => "NOSPACE",
        AlarmType.Corrupt => "CORRUPT",
        _ => "NONE",
    };
}
