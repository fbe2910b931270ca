using Engine.Api.Grpc;
using Engine.Api.Json;
using Engine.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Engine.Api.Http;

/// <summary>Builds the client-facing HTTP application: Kestrel, source-generated JSON and every endpoint group.</summary>
public static class ClientApp
{
    /// <summary>
    /// The app for <paramref name="options"/>; with a <paramref name="server"/> it also serves etcd's v3
    /// JSON gateway (<see cref="GatewayEndpoints"/>), etcd's gRPC services (<see cref="GrpcEndpoints"/>,
    /// same port) and health checks that ask it.
    /// </summary>
    public static WebApplication Build(ServerOptions options, IEtcdServer? server = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => ClientListeners.Configure(k, options));
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.FormatterName = Logging.ZapJsonFormatter.FormatterName);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ConsoleFormatter, Logging.ZapJsonFormatter>());
        builder.Logging.SetMinimumLevel(ParseLevel(options.LogLevel));
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default));
        builder.Services.AddOpenApi();
        builder.Services.AddSingleton(options);
        if (server is not null)
        {
            GrpcEndpoints.AddServices(builder.Services, server);
        }

        var app = builder.Build();
        app.MapOpenApi("/openapi/v1.json");
        HealthEndpoints.Map(app, server);
        MetricsEndpoint.Map(app);
        if (server is not null)
        {
            GatewayEndpoints.Map(app, server);
            GrpcEndpoints.Map(app);
        }

        app.Use(NotFoundAsText);
        return app;
    }

    /// <summary>A path nothing serves answers Go's text <c>404 page not found</c>, as etcd's HTTP mux does.</summary>
    private static async Task NotFoundAsText(HttpContext context, RequestDelegate next)
    {
        await next(context);
        if (context.Response.StatusCode == StatusCodes.Status404NotFound && !context.Response.HasStarted && context.GetEndpoint() is null)
        {
            await GatewayErrors.WriteTextAsync(context, StatusCodes.Status404NotFound, "404 page not found");
        }
    }

    private static LogLevel ParseLevel(string level) => level switch
    {
        "debug" => LogLevel.Debug,
        "warn" => LogLevel.Warning,
        "error" => LogLevel.Error,
        _ => LogLevel.Information,
    };
}
