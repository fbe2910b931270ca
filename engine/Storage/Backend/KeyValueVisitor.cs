namespace Engine.Storage.Backend;

/// <summary>Receives one key/value of a range read (spans valid only during the call); return false to stop.</summary>
public delegate bool KeyValueVisitor(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value);
