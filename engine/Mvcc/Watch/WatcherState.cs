namespace Engine.Mvcc.Watch;

/// <summary>The group a watcher belongs to (etcd's synced / unsynced / victim groups).</summary>
internal enum WatcherState
{
    Synced,
    Unsynced,
    Victim,
    Canceled,
}
