namespace Engine.Storage.BTree;

/// <summary>
/// One bit per page: set once the page's checksum was verified (or the page was written by this
/// process), so each page is hashed at most once per open instead of at every read.
/// </summary>
internal sealed class PageVerifier
{
    private readonly bool _enabled;
    private long[] _bits;

    public PageVerifier(bool enabled, long pages)
    {
        _enabled = enabled;
        _bits = new long[(pages + 63) / 64];
    }

    public bool IsVerified(ulong pageId)
    {
        if (!_enabled)
        {
            return true;
        }

        var bits = _bits;
        ulong word = pageId >> 6;
        return word < (ulong)bits.Length && (Volatile.Read(ref bits[word]) & (1L << (int)(pageId & 63))) != 0;
    }

    public void MarkVerified(ulong pageId)
    {
        var bits = _bits;
        ulong word = pageId >> 6;
        if (word < (ulong)bits.Length)
        {
            Interlocked.Or(ref bits[word], 1L << (int)(pageId & 63));
        }
    }

    /// <summary>Grows the bitmap to cover <paramref name="pages"/> pages (the writer calls this when the map grows).</summary>
    public void Grow(long pages)
    {
        long words = (pages + 63) / 64;
        if (words > _bits.Length)
        {
            var bigger = new long[words];
            Array.Copy(_bits, bigger, _bits.Length);
            _bits = bigger;
        }
    }
}
