using System.Net;
using System.Net.Sockets;
using Engine.Api.Http;
using Engine.Server;

namespace Engine.Api.Tests;

/// <summary>etcd's health surface over real HTTP: /health, /livez, /readyz, /version, /metrics, OpenAPI.</summary>
public sealed class HealthEndpointTests : IAsyncLifetime
{
    private Microsoft.AspNetCore.Builder.WebApplication? _app;
    private readonly HttpClient _client = new();

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task InitializeAsync()
    {
        int port = FreePort();
        _app = ClientApp.Build(new ServerOptions { ListenClientUrls = $"http://127.0.0.1:{port}" });
        await _app.StartAsync();
        _client.BaseAddress = new Uri($"http://127.0.0.1:{port}");
    }

    public async Task DisposeAsync()
    {
        await _app!.StopAsync();
        await _app.DisposeAsync();
        _client.Dispose();
    }

    [Fact]
    public async Task Health_answers_as_etcd()
    {
        var response = await _client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"health":"true","reason":""}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Version_names_server_and_cluster()
    {
        string body = await _client.GetStringAsync("/version");
        Assert.Contains("\"etcdserver\":\"3.6.0\"", body);
        Assert.Contains("\"etcdcluster\":\"3.6.0\"", body);
    }

    [Fact]
    public async Task Livez_and_readyz_say_ok_and_list_checks_when_verbose()
    {
        Assert.Equal("ok\n", await _client.GetStringAsync("/livez"));
        string verbose = await _client.GetStringAsync("/readyz?verbose");
        Assert.Contains("[+]linearizable_read ok", verbose);
        Assert.Contains("readyz check passed", verbose);
    }

    [Fact]
    public async Task Metrics_are_prometheus_text()
    {
        var response = await _client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.ToString());
        Assert.Contains("# TYPE", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OpenApi_document_is_served()
    {
        string body = await _client.GetStringAsync("/openapi/v1.json");
        Assert.Contains("\"openapi\"", body);
        Assert.Contains("/health", body);
    }

    [Fact]
    public async Task Non_get_on_health_is_405()
    {
        var response = await _client.PostAsync("/health", new StringContent(""));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }
}
