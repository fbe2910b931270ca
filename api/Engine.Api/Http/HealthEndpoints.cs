using Engine.Api.Json;
using Engine.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Engine.Api.Http;

/// <summary>
/// etcd's health surface: <c>GET /health</c> (<c>{"health":"true","reason":""}</c>), <c>/livez</c> and
/// <c>/readyz</c> (text <c>ok</c>, <c>?verbose</c> lists the checks) and <c>GET /version</c>.
/// </summary>
public static class HealthEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/health", () => Results.Json(new HealthResponse("true", ""), ApiJsonContext.Default.HealthResponse));
        app.MapGet("/version", () => Results.Json(
            new VersionResponse(BuildInfo.ServerVersion, BuildInfo.ClusterVersion, BuildInfo.StorageVersion),
            ApiJsonContext.Default.VersionResponse));
        app.MapGet("/livez", (HttpContext context) => Probe(context, ["serializable_read"]));
        app.MapGet("/readyz", (HttpContext context) => Probe(context, ["data_corruption", "serializable_read", "linearizable_read", "non_learner"]));
    }

    private static IResult Probe(HttpContext context, string[] checks)
    {
        if (!context.Request.Query.ContainsKey("verbose"))
        {
            return Results.Text("ok\n", "text/plain; charset=utf-8");
        }

        var excluded = context.Request.Query["exclude"];
        var text = new System.Text.StringBuilder();
        foreach (string check in checks)
        {
            text.Append(excluded.Contains(check) ? $"[+]{check} excluded: ok\n" : $"[+]{check} ok\n");
        }

        text.Append(context.Request.Path.Value!.TrimStart('/')).Append(" check passed\n");
        return Results.Text(text.ToString(), "text/plain; charset=utf-8");
    }
}
