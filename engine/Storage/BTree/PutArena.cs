namespace Engine.Storage.BTree;

/// <summary>
/// The write transaction's own copies of the keys and values it puts, packed into 64 KiB blocks instead of
/// one array per put (a big put gets an array of its own). Blocks live as long as the transaction's nodes.
/// </summary>
internal sealed class PutArena
{
    private const int BlockSize = 64 << 10;
    private byte[]? _block;
    private int _used;

    /// <summary>Copies key then value; returns the array holding them and the key's offset in it.</summary>
    public (byte[] Array, int Offset) Copy(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        int length = key.Length + value.Length;
        byte[] target;
        int at;
        if (length > BlockSize / 4)
        {
            target = new byte[length];
            at = 0;
        }
        else
        {
            if (_block is null || BlockSize - _used < length)
            {
                _block = new byte[BlockSize];
                _used = 0;
            }

            target = _block;
            at = _used;
            _used += length;
        }

        key.CopyTo(target.AsSpan(at));
        value.CopyTo(target.AsSpan(at + key.Length));
        return (target, at);
    }
}
