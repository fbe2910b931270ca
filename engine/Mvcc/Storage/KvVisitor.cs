namespace Engine.Mvcc.Storage;

/// <summary>Receives one key/value pair of a range scan; return false to stop the scan.</summary>
public delegate bool KvVisitor(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value);
