using System.Collections.Frozen;
using Engine.Api.Json;
using Engine.Protocol;
using Engine.Protocol.Validation;
using Engine.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Engine.Api.Http;

/// <summary>
/// etcd's v3 JSON gateway: every RPC is <c>POST /v3/&lt;service&gt;/&lt;method&gt;</c> (also under the
/// <c>/v3beta/</c> alias). One table maps paths to handlers; an unknown path answers 404 <c>Not Found</c>
/// and another method 405 <c>Method Not Allowed</c> as plain text, as grpc-gateway v1 does.
/// </summary>
public static class GatewayEndpoints
{
    private delegate Task Handler(HttpContext context, IEtcdServer server);

    private static readonly FrozenDictionary<string, Handler> Routes = BuildRoutes();

    /// <summary>The RPC paths served, without the <c>/v3</c> prefix.</summary>
    public static IReadOnlyCollection<string> Paths => Routes.Keys;

    public static void Map(IEndpointRouteBuilder app, IEtcdServer server)
    {
        app.Map("/v3/{**rpc}", context => Dispatch(context, server, "/v3".Length));
        app.Map("/v3beta/{**rpc}", context => Dispatch(context, server, "/v3beta".Length));
    }

    private static Task Dispatch(HttpContext context, IEtcdServer server, int prefixLength)
    {
        string path = context.Request.Path.Value!.Substring(prefixLength);
        if (!Routes.TryGetValue(path, out Handler? handler))
        {
            return GatewayErrors.WriteTextAsync(context, StatusCodes.Status404NotFound, "Not Found");
        }

        if (!HttpMethods.IsPost(context.Request.Method))
        {
            return GatewayErrors.WriteTextAsync(context, StatusCodes.Status405MethodNotAllowed, "Method Not Allowed");
        }

        return handler(context, server);
    }

    private static FrozenDictionary<string, Handler> BuildRoutes()
    {
        var routes = new Dictionary<string, Handler>(StringComparer.Ordinal)
        {
            ["/kv/range"] = (c, s) => Unary<RangeRequest, RangeResponse>(c, s, static (r, _) => RequestValidator.Check(r), static (s, r, t) => s.RangeAsync(r, t)),
            ["/kv/put"] = (c, s) => Unary<PutRequest, PutResponse>(c, s, CheckPut, static (s, r, t) => s.PutAsync(r, t)),
            ["/kv/deleterange"] = (c, s) => Unary<DeleteRangeRequest, DeleteRangeResponse>(c, s, static (r, _) => RequestValidator.Check(r), static (s, r, t) => s.DeleteRangeAsync(r, t)),
            ["/kv/txn"] = (c, s) => Unary<TxnRequest, TxnResponse>(c, s, CheckTxn, static (s, r, t) => s.TxnAsync(r, t)),
            ["/kv/compaction"] = (c, s) => Unary<CompactionRequest, CompactionResponse>(c, s, null, static (s, r, t) => s.CompactAsync(r, t)),
            ["/watch"] = StreamEndpoints.WatchAsync,
            ["/lease/keepalive"] = StreamEndpoints.KeepAliveAsync,
            ["/maintenance/snapshot"] = StreamEndpoints.SnapshotAsync,
            ["/cluster/member/list"] = (c, s) => Unary<MemberListRequest, MemberListResponse>(c, s, null, static (s, r, t) => s.MemberListAsync(r, t)),
            ["/cluster/member/add"] = (c, s) => Unary<MemberAddRequest, MemberAddResponse>(c, s, null, static (s, r, t) => s.MemberAddAsync(r, t)),
            ["/cluster/member/remove"] = (c, s) => Unary<MemberRemoveRequest, MemberRemoveResponse>(c, s, null, static (s, r, t) => s.MemberRemoveAsync(r, t)),
            ["/cluster/member/update"] = (c, s) => Unary<MemberUpdateRequest, MemberUpdateResponse>(c, s, null, static (s, r, t) => s.MemberUpdateAsync(r, t)),
            ["/cluster/member/promote"] = (c, s) => Unary<MemberPromoteRequest, MemberPromoteResponse>(c, s, null, static (s, r, t) => s.MemberPromoteAsync(r, t)),
            ["/maintenance/status"] = (c, s) => Unary<StatusRequest, StatusResponse>(c, s, null, static (s, r, t) => s.StatusAsync(r, t)),
            ["/maintenance/defragment"] = (c, s) => Unary<DefragmentRequest, DefragmentResponse>(c, s, null, static (s, r, t) => s.DefragmentAsync(r, t)),
            ["/maintenance/hash"] = (c, s) => Unary<HashRequest, HashResponse>(c, s, null, static (s, r, t) => s.HashAsync(r, t)),
            ["/maintenance/hashkv"] = (c, s) => Unary<HashKVRequest, HashKVResponse>(c, s, null, static (s, r, t) => s.HashKVAsync(r, t)),
            ["/maintenance/alarm"] = (c, s) => Unary<AlarmRequest, AlarmResponse>(c, s, null, static (s, r, t) => s.AlarmAsync(r, t)),
            ["/maintenance/downgrade"] = (c, s) => Unary<DowngradeRequest, DowngradeResponse>(c, s, null, static (s, r, t) => s.DowngradeAsync(r, t)),
        };
        foreach (string prefix in new[] { "/lease", "/kv/lease" })
        {
            routes[prefix + "/grant"] = (c, s) => Unary<LeaseGrantRequest, LeaseGrantResponse>(c, s, null, static (s, r, t) => s.LeaseGrantAsync(r, t));
            routes[prefix + "/revoke"] = (c, s) => Unary<LeaseRevokeRequest, LeaseRevokeResponse>(c, s, null, static (s, r, t) => s.LeaseRevokeAsync(r, t));
            routes[prefix + "/timetolive"] = (c, s) => Unary<LeaseTimeToLiveRequest, LeaseTimeToLiveResponse>(c, s, null, static (s, r, t) => s.LeaseTimeToLiveAsync(r, t));
            routes[prefix + "/leases"] = (c, s) => Unary<LeaseLeasesRequest, LeaseLeasesResponse>(c, s, null, static (s, r, t) => s.LeaseLeasesAsync(r, t));
        }

        return routes.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static EtcdError? CheckPut(PutRequest put, ServerOptions options) =>
        RequestValidator.Check(put) ?? RequestLimits.CheckPayload(RequestLimits.Estimate(put), options);

    private static EtcdError? CheckTxn(TxnRequest txn, ServerOptions options) =>
        RequestValidator.Check(txn, new ValidationLimits(options.MaxTxnOps)) ?? RequestLimits.CheckPayload(RequestLimits.Estimate(txn), options);

    private static async Task Unary<TRequest, TResponse>(
        HttpContext context,
        IEtcdServer server,
        Func<TRequest, ServerOptions, EtcdError?>? check,
        Func<IEtcdServer, TRequest, CancellationToken, ValueTask<Outcome<TResponse>>> call)
        where TRequest : class, new()
        where TResponse : class
    {
        Outcome<TRequest> request = await RequestBody.ReadAsync<TRequest>(context, server.Options);
        if (request.Error is { } decodeError)
        {
            await GatewayErrors.WriteAsync(context, decodeError);
            return;
        }

        if (check?.Invoke(request.Value!, server.Options) is { } invalid)
        {
            await GatewayErrors.WriteAsync(context, invalid);
            return;
        }

        Outcome<TResponse> response = await ServerCall.RunAsync(call, server, request.Value!, context.RequestAborted);
        if (response.Error is { } error)
        {
            await GatewayErrors.WriteAsync(context, error);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        GatewayJson.Write(context.Response.BodyWriter, response.Value!);
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
    }
}
