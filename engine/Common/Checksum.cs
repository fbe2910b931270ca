using K4os.Hash.xxHash;

namespace Engine.Common;

/// <summary>
/// The one checksum used by every on-disk format of the engine: 64-bit xxHash (XXH64, seed 0).
/// </summary>
public static class Checksum
{
    /// <summary>XXH64 of <paramref name="data"/>.</summary>
    public static ulong Hash64(ReadOnlySpan<byte> data) => XXH64.DigestOf(data);

    /// <summary>XXH64 of <paramref name="data"/> continuing from a previous digest used as the seed (chained checksums).</summary>
    public static ulong Hash64(ReadOnlySpan<byte> data, ulong seed)
    {
        var state = new XXH64.State();
        XXH64.Reset(ref state, seed);
        XXH64.Update(ref state, data);
        return XXH64.Digest(state);
    }
}
