using System.Net;
using System.Net.Sockets;
using System.Text;
using Engine.Api.Http;
using Engine.Api.Tests.Fakes;
using Engine.Server;
using Microsoft.AspNetCore.Builder;

namespace Engine.Api.Tests;

/// <summary>The client app over a <see cref="FakeEtcdServer"/>, listening on a free loopback port.</summary>
public sealed class GatewayHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GatewayHost(WebApplication app, FakeEtcdServer server, string url)
    {
        _app = app;
        Server = server;
        Url = url;
        Client = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(30) };
    }

    public FakeEtcdServer Server { get; }

    public string Url { get; }

    /// <summary>host:port, as the CLI's --endpoints takes it.</summary>
    public string Endpoint => new Uri(Url).Authority;

    public HttpClient Client { get; }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<GatewayHost> StartAsync(ServerOptions? options = null)
    {
        int port = FreePort();
        options ??= new ServerOptions();
        options.ListenClientUrls = $"http://127.0.0.1:{port}";
        var server = new FakeEtcdServer(options);
        WebApplication app = ClientApp.Build(options, server);
        await app.StartAsync();
        return new GatewayHost(app, server, options.ListenClientUrls);
    }

    /// <summary>POSTs a raw JSON body and returns status and body text.</summary>
    public async Task<(HttpStatusCode Status, string Body)> PostAsync(string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await Client.PostAsync(path, content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>base64 of a UTF-8 string, as the gateway carries bytes.</summary>
    public static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
