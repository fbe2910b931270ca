using Engine.Mvcc.Lease;

namespace Engine.Mvcc.Tests.Lease;

/// <summary>A lease clock tests move by hand.</summary>
public sealed class ManualLeaseClock : ILeaseClock
{
    public ManualLeaseClock(long start = 1_000_000) => NowMilliseconds = start;

    public long NowMilliseconds { get; private set; }

    public void Advance(long milliseconds) => NowMilliseconds += milliseconds;

    public void AdvanceSeconds(double seconds) => NowMilliseconds += (long)(seconds * 1000);
}
