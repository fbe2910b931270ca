using System.Net;
using System.Text;
using System.Text.Json;
using Engine.TestKit.Processes;

namespace Engine.Robustness.Tests;

/// <summary>A single-member `engine serve` on loopback (see <see cref="EngineServeProcess"/>), healthy once started.</summary>
internal sealed class EngineProcess : IDisposable
{
    private readonly EngineServeProcess _process;

    private EngineProcess(EngineServeProcess process, int port)
    {
        _process = process;
        Port = port;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public int Port { get; }

    public HttpClient Client { get; }

    public static int FreePort() => EngineServeProcess.FreePort();

    public static EngineProcess Start(string dataDir, int port)
    {
        var process = EngineServeProcess.Start(["serve", "--data-dir", dataDir, "--listen-client-urls", $"http://127.0.0.1:{port}", "--log-level", "error"]);
        var engine = new EngineProcess(process, port);
        try
        {
            process.WaitHealthy(engine.Client, TimeSpan.FromSeconds(30));
        }
        catch
        {
            engine.Dispose();
            throw;
        }

        return engine;
    }

    /// <summary>POST a v3 JSON request; returns the parsed body and the HTTP status.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string path, string json)
    {
        using var response = await Client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        string text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    public void Kill() => _process.Kill();

    public void Dispose()
    {
        _process.Dispose();
        Client.Dispose();
    }
}
