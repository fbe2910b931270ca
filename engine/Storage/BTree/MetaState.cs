namespace Engine.Storage.BTree;

/// <summary>An immutable copy of a committed meta page: what a transaction's snapshot starts from.</summary>
internal sealed record MetaState(ulong Txid, ulong DirectoryRoot, ulong CommitPage, uint CommitPages, ulong HighWater);
