using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Engine.Robustness.Tests;

/// <summary>A real `engine serve` process on loopback (the built engine.dll run by the dotnet host), killed by PID.</summary>
internal sealed class EngineProcess : IDisposable
{
    private readonly Process _process;

    private EngineProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public int Port { get; }

    public HttpClient Client { get; }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static EngineProcess Start(string dataDir, int port)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "engine.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll, "serve", "--data-dir", dataDir, "--listen-client-urls", $"http://127.0.0.1:{port}", "--log-level", "error" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(info) ?? throw new InvalidOperationException("engine did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var engine = new EngineProcess(process, port);
        engine.WaitHealthy(TimeSpan.FromSeconds(30));
        return engine;
    }

    public void WaitHealthy(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"engine exited with code {_process.ExitCode}");
            }

            try
            {
                var response = Client.GetAsync("/health").GetAwaiter().GetResult();
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            Thread.Sleep(20);
        }

        throw new TimeoutException("engine did not become healthy");
    }

    /// <summary>POST a v3 JSON request; returns the parsed body and the HTTP status.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string path, string json)
    {
        using var response = await Client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        string text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public void Dispose()
    {
        Kill();
        Client.Dispose();
        _process.Dispose();
    }
}
