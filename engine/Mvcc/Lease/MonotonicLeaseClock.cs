using System.Diagnostics;

namespace Engine.Mvcc.Lease;

/// <summary>The production lease clock: <see cref="Stopwatch"/> ticks converted to milliseconds (never wall time).</summary>
public sealed class MonotonicLeaseClock : ILeaseClock
{
    /// <summary>The process-wide instance.</summary>
    public static readonly MonotonicLeaseClock Instance = new();

    private MonotonicLeaseClock()
    {
    }

    public long NowMilliseconds => (long)(Stopwatch.GetTimestamp() * (1000.0 / Stopwatch.Frequency));
}
