namespace Engine.Protocol;

/// <summary>Asks for a progress notification (answered when every watcher of the stream is synced).</summary>
public sealed class WatchProgressRequest
{
}
