namespace Engine.Mvcc.Lease;

/// <summary>
/// The lessor's source of time: monotonic milliseconds from an arbitrary origin. Production uses
/// <see cref="MonotonicLeaseClock"/>; tests inject a clock they move by hand so expiry is deterministic.
/// </summary>
public interface ILeaseClock
{
    /// <summary>Monotonic milliseconds; never goes backwards.</summary>
    long NowMilliseconds { get; }
}
