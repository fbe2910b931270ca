using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Engine.TestKit.Processes;

/// <summary>
/// A real <c>engine</c> process for multi-process tests: the engine.dll built next to the test assembly, run by
/// the dotnet host with the given arguments and environment, its stderr kept for diagnostics, stopped by
/// SIGKILL (no shutdown path runs, as in a power cut of the process).
/// </summary>
public sealed class EngineServeProcess : IDisposable
{
    private readonly Process _process;

    private EngineServeProcess(Process process) => _process = process;

    /// <summary>The stderr lines the process wrote so far (lock it while reading).</summary>
    public List<string> Log { get; } = [];

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>The path of the engine.dll copied beside the test assembly.</summary>
    public static string EngineDll => Path.Combine(AppContext.BaseDirectory, "engine.dll");

    /// <summary>A TCP port free on loopback right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts <c>dotnet engine.dll ARGS</c>; stdout is drained, stderr kept in <see cref="Log"/>.</summary>
    public static EngineServeProcess Start(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(EngineDll);
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("engine did not start");
        var engine = new EngineServeProcess(process);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (engine.Log)
                {
                    engine.Log.Add(e.Data);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return engine;
    }

    /// <summary>Polls <c>/health</c> through <paramref name="client"/> until it answers 200; throws if the process exits first.</summary>
    public void WaitHealthy(HttpClient client, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"engine exited with code {_process.ExitCode}: {string.Join('\n', SnapshotLog().TakeLast(20))}");
            }

            try
            {
                using var response = client.GetAsync("/health").GetAwaiter().GetResult();
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
            {
            }

            Thread.Sleep(20);
        }

        throw new TimeoutException("engine did not become healthy");
    }

    /// <summary>Waits up to <paramref name="timeout"/> for the process to exit on its own, then for its stderr to be read to the end.</summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            return false;
        }

        _process.WaitForExit();
        return true;
    }

    /// <summary>SIGKILL and wait for the exit.</summary>
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
        _process.Dispose();
    }

    private List<string> SnapshotLog()
    {
        lock (Log)
        {
            return [.. Log];
        }
    }
}
