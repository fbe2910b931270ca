namespace Engine.Auth.Tokens;

/// <summary>
/// Slows password guessing: after <see cref="MaxFailures"/> failed Authenticates for one user name within
/// <see cref="Window"/>, further attempts for that name are refused (<c>etcdserver: too many requests</c>) until the
/// window of the oldest failure has passed; a success clears the name. Bounded memory: at most
/// <see cref="MaxTrackedNames"/> names are tracked (the stalest is dropped).
/// </summary>
public sealed class AuthenticationThrottle
{
    public const int MaxFailures = 5;
    public const int MaxTrackedNames = 10_000;
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(30);

    private readonly TimeProvider _clock;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Queue<DateTimeOffset>> _failures = new(StringComparer.Ordinal);

    public AuthenticationThrottle(TimeProvider clock) => _clock = clock;

    /// <summary>Whether an attempt for <paramref name="userName"/> may be checked now.</summary>
    public bool MayAttempt(string userName)
    {
        lock (_lock)
        {
            if (!_failures.TryGetValue(userName, out var times))
            {
                return true;
            }

            Trim(times);
            return times.Count < MaxFailures;
        }
    }

    public void RecordFailure(string userName)
    {
        lock (_lock)
        {
            if (!_failures.TryGetValue(userName, out var times))
            {
                if (_failures.Count >= MaxTrackedNames)
                {
                    var stalest = _failures.MinBy(f => f.Value.Count == 0 ? DateTimeOffset.MinValue : f.Value.Last()).Key;
                    _failures.Remove(stalest);
                }

                times = new Queue<DateTimeOffset>();
                _failures[userName] = times;
            }

            Trim(times);
            times.Enqueue(_clock.GetUtcNow());
        }
    }

    public void RecordSuccess(string userName)
    {
        lock (_lock)
        {
            _failures.Remove(userName);
        }
    }

    private void Trim(Queue<DateTimeOffset> times)
    {
        var oldest = _clock.GetUtcNow() - Window;
        while (times.Count > 0 && times.Peek() <= oldest)
        {
            times.Dequeue();
        }
    }
}
