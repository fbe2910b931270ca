namespace Engine.Server.Proposals;

/// <summary>
/// Unique request and lease ids as etcd's idutil generates them: the low 16 bits of the member id in
/// the top 16 bits, then 40 bits of the start time in milliseconds and an 8-bit counter that together
/// count up from the start (so ids stay unique across restarts of the same member unless the clock
/// goes backwards by more than the ids handed out). Thread-safe.
/// </summary>
public sealed class IdGenerator
{
    private const int TimestampBits = 40;
    private const int CounterBits = 8;
    private const int SuffixBits = TimestampBits + CounterBits;
    private const ulong SuffixMask = (1UL << SuffixBits) - 1;

    private readonly ulong _prefix;
    private long _suffix;

    public IdGenerator(ulong memberId, DateTimeOffset now)
    {
        _prefix = (memberId & 0xFFFF) << SuffixBits;
        ulong unixMillis = (ulong)now.ToUnixTimeMilliseconds();
        _suffix = (long)((unixMillis & ((1UL << TimestampBits) - 1)) << CounterBits);
    }

    public ulong Next()
    {
        ulong suffix = (ulong)Interlocked.Increment(ref _suffix);
        return _prefix | (suffix & SuffixMask);
    }
}
