namespace Engine.Mvcc.Watch;

/// <summary>Settings of a <see cref="WatchableStore"/> (etcd flags and constants named in each doc).</summary>
public sealed class WatchOptions
{
    /// <summary>Event responses a stream buffers before its watchers become victims (etcd's chanBufLen, 128).</summary>
    public int StreamBufferResponses { get; init; } = 128;

    /// <summary>Period of the unsynced-group catch-up loop (etcd: 100 ms).</summary>
    public TimeSpan SyncInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Period of the victim retry loop (etcd: 10 ms).</summary>
    public TimeSpan VictimRetryInterval { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Unsynced watchers caught up per round (etcd's maxWatchersPerSync, 512).</summary>
    public int MaxWatchersPerSync { get; init; } = 512;

    /// <summary>--watch-progress-notify-interval: period of progress notifications to watchers that asked (0 = never).</summary>
    public TimeSpan ProgressNotifyInterval { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>--max-request-bytes: responses larger than this are split when the watcher asked for fragments.</summary>
    public int MaxRequestBytes { get; init; } = 1536 * 1024;

    /// <summary>Run no background loop: tests drive <see cref="WatchableStore.SyncWatchers"/> and <see cref="WatchableStore.RetryVictims"/> themselves.</summary>
    public bool ManualLoops { get; init; }
}
