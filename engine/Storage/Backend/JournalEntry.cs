namespace Engine.Storage.Backend;

/// <summary>
/// One write recorded while a defragment copies the file (value null = delete). Replayed, in order, onto the
/// copy before the swap; replay is idempotent, so writes already in the copy are harmless.
/// </summary>
internal readonly record struct JournalEntry(int BucketId, byte[] Key, byte[]? Value);
