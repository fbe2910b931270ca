namespace Engine.Mvcc.Tests.Support;

/// <summary>Owns a store and the backend under it, and can simulate a clean restart.</summary>
public interface IStoreHost : IDisposable
{
    KvStore Store { get; }

    /// <summary>Closes the store (and backend) and opens it again from what is stored.</summary>
    void Reopen();
}
