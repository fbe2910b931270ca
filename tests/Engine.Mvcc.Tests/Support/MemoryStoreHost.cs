namespace Engine.Mvcc.Tests.Support;

/// <summary>A store over <see cref="MemoryKvBackend"/>; reopening rebuilds the index from the same in-memory buckets.</summary>
public sealed class MemoryStoreHost : IStoreHost
{
    private readonly Func<KvStoreOptions> _options;

    public MemoryStoreHost(Func<KvStoreOptions> options)
    {
        _options = options;
        Store = new KvStore(Backend, options());
    }

    public MemoryKvBackend Backend { get; } = new();

    public KvStore Store { get; private set; }

    public void Reopen()
    {
        Store.Dispose();
        Store = new KvStore(Backend, _options());
    }

    public void Dispose() => Store.Dispose();
}
