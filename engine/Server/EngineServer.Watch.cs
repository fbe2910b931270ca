using Engine.Server.Protocol;

namespace Engine.Server;

/// <summary>The watch half of the v3 API.</summary>
public sealed partial class EngineServer
{
    private long WatcherCount => 0;

    public IWatchStream OpenWatchStream() => throw new InvalidOperationException("TEMPORARY: watch not wired yet");
}
