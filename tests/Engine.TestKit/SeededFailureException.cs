namespace Engine.TestKit;

/// <summary>A failure of a seeded case; the message starts with the seed (replay with ENGINE_SEED).</summary>
public sealed class SeededFailureException(int seed, Exception inner)
    : Exception($"seed {seed} failed (replay with ENGINE_SEED={seed}): {inner.Message}", inner)
{
    public int Seed { get; } = seed;
}
