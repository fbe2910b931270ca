namespace Engine.TestKit;

/// <summary>
/// Seeded randomized test support: runs a body for many seeds and, on failure, rethrows with the seed
/// in the message so the case replays identically (ENGINE_SEED=n runs that seed alone; ENGINE_SEEDS=k changes the count).
/// </summary>
public static class Seeds
{
    public static void Run(int defaultCount, Action<int> body, int firstSeed = 1)
    {
        string? only = Environment.GetEnvironmentVariable("ENGINE_SEED");
        if (only is not null)
        {
            RunOne(int.Parse(only, System.Globalization.CultureInfo.InvariantCulture), body);
            return;
        }

        string? countText = Environment.GetEnvironmentVariable("ENGINE_SEEDS");
        int count = countText is null ? defaultCount : int.Parse(countText, System.Globalization.CultureInfo.InvariantCulture);
        for (int seed = firstSeed; seed < firstSeed + count; seed++)
        {
            RunOne(seed, body);
        }
    }

    private static void RunOne(int seed, Action<int> body)
    {
        try
        {
            body(seed);
        }
        catch (Exception e)
        {
            throw new SeededFailureException(seed, e);
        }
    }
}
