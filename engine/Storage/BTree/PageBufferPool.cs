namespace Engine.Storage.BTree;

/// <summary>
/// Single-page buffers the writer reuses from one commit to the next instead of allocating a fresh array
/// per page. A reused buffer still holds its previous page: the caller writes every byte of the header and
/// elements and must zero the unused tail (it is part of the checksum). Only the writer uses it, under the
/// writer lock; runs longer than a page are allocated (zeroed) and not pooled.
/// </summary>
internal sealed class PageBufferPool
{
    private const int MaxPooled = 8192;
    private readonly int _pageSize;
    private readonly Stack<byte[]> _free = new();

    public PageBufferPool(int pageSize) => _pageSize = pageSize;

    public byte[] Rent(int pages)
    {
        if (pages != 1 || !_free.TryPop(out var buffer))
        {
            return new byte[pages * _pageSize];
        }

        return buffer;
    }

    public void Return(List<DirtyPage> pages)
    {
        foreach (var page in pages)
        {
            if (page.Pages == 1 && _free.Count < MaxPooled)
            {
                _free.Push(page.Buffer);
            }
        }
    }
}
