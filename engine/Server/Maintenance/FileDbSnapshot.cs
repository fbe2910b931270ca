using Engine.Protocol;

namespace Engine.Server.Maintenance;

/// <summary>A db copy taken under one read transaction into a temp file, streamed then deleted.</summary>
internal sealed class FileDbSnapshot(string path, ResponseHeader header) : IDbSnapshot
{
    public ResponseHeader? Header { get; } = header;

    public long Size { get; } = new FileInfo(path).Length;

    public async ValueTask WriteToAsync(Stream destination, CancellationToken cancel)
    {
        await using var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        await source.CopyToAsync(destination, 1 << 15, cancel).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync()
    {
        File.Delete(path);
        return ValueTask.CompletedTask;
    }
}
