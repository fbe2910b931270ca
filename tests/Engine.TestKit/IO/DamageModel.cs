namespace Engine.TestKit.IO;

/// <summary>What a simulated power cut does to writes that were not yet made durable.</summary>
public enum DamageModel
{
    /// <summary>Every write since the file's last sync is lost.</summary>
    DropUnsynced,

    /// <summary>Unsynced writes reach the disk in order, but the last one only partly (a prefix cut at a 512-byte boundary).</summary>
    TearLastWrite,

    /// <summary>Each unsynced write (split into 4 KiB pieces) independently reaches the disk or not: reordering.</summary>
    RandomSubset,
}
