using Engine.Protocol;

namespace Engine.Api.Tests.Fakes;

/// <summary>A snapshot of fixed bytes, written in uneven pieces to exercise chunking.</summary>
public sealed class FakeSnapshot(byte[] bytes, ResponseHeader header) : IDbSnapshot
{
    public ResponseHeader? Header => header;

    public long Size => bytes.Length;

    public bool Disposed { get; private set; }

    public async ValueTask WriteToAsync(Stream destination, CancellationToken cancel)
    {
        int offset = 0;
        int piece = 10_000;
        while (offset < bytes.Length)
        {
            int take = Math.Min(piece, bytes.Length - offset);
            await destination.WriteAsync(bytes.AsMemory(offset, take), cancel);
            offset += take;
            piece = piece == 10_000 ? 50_000 : 10_000;
        }
    }

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        return ValueTask.CompletedTask;
    }
}
