namespace Engine.Mvcc;

/// <summary>The fixed fields of an encoded key-value record and where its key starts (the value follows the key).</summary>
public readonly record struct DecodedKeyValue(int KeyOffset, int KeyLength, long CreateRevision, long ModRevision, long Version, long Lease)
{
    public int ValueOffset => KeyOffset + KeyLength;
}
