using Engine.Common.IO;

namespace Engine.Server.Tests;

/// <summary>Starts in-process members on a real or crash-simulating file system with small WAL segments.</summary>
internal static class ServerTestHost
{
    public static ServerOptions Options(string dataDir) => new()
    {
        DataDir = dataDir,
        WalSegmentBytes = 1 << 20,
        HeartbeatIntervalMs = 10,
        ElectionTimeoutMs = 100,
        SnapshotCount = 50,
    };

    public static EngineServer Start(string dataDir, IFileSystem? fs = null, Action<ServerOptions>? tune = null)
    {
        var options = Options(dataDir);
        tune?.Invoke(options);
        var server = EngineServer.Start(options, fs);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (server.Leader == 0 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(5);
        }

        Assert.NotEqual(0UL, server.Leader);
        return server;
    }

    public static byte[] Bytes(string text) => System.Text.Encoding.UTF8.GetBytes(text);
}
