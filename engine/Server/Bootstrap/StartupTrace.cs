using System.Diagnostics;

namespace Engine.Server.Bootstrap;

/// <summary>
/// Start-up phase timestamps for measurement: when <c>ENGINE_STARTUP_TRACE_T0</c> holds the CLOCK_MONOTONIC
/// time in nanoseconds at which the process was spawned (a benchmark sets it just before exec), each
/// <see cref="Mark"/> prints <c>startup +12.3 ms phase</c> on stderr. Without it marks cost one branch.
/// </summary>
public static class StartupTrace
{
    private static readonly long SpawnedAtNs = ReadSpawnTime();

    /// <summary>True when a spawn time was given.</summary>
    public static bool Enabled => SpawnedAtNs != 0;

    /// <summary>Prints the time since spawn and <paramref name="phase"/> when tracing is on.</summary>
    public static void Mark(string phase)
    {
        if (SpawnedAtNs == 0)
        {
            return;
        }

        // Stopwatch on Linux reads CLOCK_MONOTONIC; convert its ticks to nanoseconds.
        long nowNs = (long)(Stopwatch.GetTimestamp() * (1_000_000_000.0 / Stopwatch.Frequency));
        Console.Error.WriteLine($"startup +{(nowNs - SpawnedAtNs) / 1e6:F1} ms {phase}");
    }

    private static long ReadSpawnTime() =>
        long.TryParse(Environment.GetEnvironmentVariable("ENGINE_STARTUP_TRACE_T0"), out long ns) && ns > 0 ? ns : 0;
}
