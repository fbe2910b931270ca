namespace Engine.Api.Cli;

/// <summary>
/// Returns the GC heap's free space to the OS once the server goes idle after a burst: every
/// <see cref="Period"/> it compares the bytes allocated with the last look; when a burst of at least
/// <see cref="BurstBytes"/> is followed by a quiet period (under <see cref="QuietBytes"/>), it runs one
/// aggressive, compacting full collection, which decommits the free regions the burst left behind.
/// Nothing happens while the server is busy, nor again until the next burst.
/// </summary>
public sealed class IdleMemoryTrimmer : IDisposable
{
    public static readonly TimeSpan Period = TimeSpan.FromMilliseconds(250);
    public const long BurstBytes = 32L << 20;
    public const long QuietBytes = 256L << 10;

    private readonly Func<long> _allocatedBytes;
    private readonly Action _collect;
    private readonly Timer? _timer;
    private long _lastAllocated;
    private long _sinceTrim;
    private int _running;

    /// <summary>Counts from process start, so the allocation of start-up itself (the key index rebuild) is a burst too.</summary>
    public IdleMemoryTrimmer()
        : this(() => GC.GetTotalAllocatedBytes(), () => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true), startTimer: true, countFromZero: true)
    {
    }

    /// <summary>Tests: a fake allocation counter and collection, and no timer (they call <see cref="Check"/>).</summary>
    internal IdleMemoryTrimmer(Func<long> allocatedBytes, Action collect, bool startTimer, bool countFromZero = false)
    {
        _allocatedBytes = allocatedBytes;
        _collect = collect;
        _lastAllocated = countFromZero ? 0 : allocatedBytes();
        _timer = startTimer ? new Timer(_ => Check(), null, Period, Period) : null;
    }

    /// <summary>How many trims ran (diagnostics).</summary>
    public int Trims { get; private set; }

    /// <summary>One look: true when it trimmed. Public for tests; the timer calls it.</summary>
    public bool Check()
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            return false;
        }

        try
        {
            long allocated = _allocatedBytes();
            long delta = allocated - _lastAllocated;
            _lastAllocated = allocated;
            _sinceTrim += delta;
            if (delta >= QuietBytes || _sinceTrim < BurstBytes)
            {
                return false;
            }

            _collect();
            _lastAllocated = _allocatedBytes();
            _sinceTrim = 0;
            Trims++;
            return true;
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    public void Dispose() => _timer?.Dispose();
}
