using System.Globalization;

namespace Engine.Wal;

/// <summary>A segment file name, <c>&lt;seq&gt;-&lt;first index&gt;.wal</c> with 16 hex digits each.</summary>
internal readonly record struct SegmentName(ulong Sequence, ulong FirstIndex)
{
    public const string Extension = ".wal";
    public const string TempExtension = ".wal.tmp";

    public string FileName => $"{Sequence:x16}-{FirstIndex:x16}{Extension}";

    public static string TempFileName(ulong sequence) => $"{sequence:x16}{TempExtension}";

    public static bool TryParse(string name, out SegmentName segment)
    {
        segment = default;
        if (name.Length != 16 + 1 + 16 + Extension.Length || name[16] != '-' || !name.EndsWith(Extension, StringComparison.Ordinal))
        {
            return false;
        }

        if (!ulong.TryParse(name.AsSpan(0, 16), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong seq) ||
            !ulong.TryParse(name.AsSpan(17, 16), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong index))
        {
            return false;
        }

        segment = new SegmentName(seq, index);
        return true;
    }
}
