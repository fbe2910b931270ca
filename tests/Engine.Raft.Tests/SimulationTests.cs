using Engine.TestKit;

namespace Engine.Raft.Tests;

/// <summary>The seeded randomized simulation (replay one seed with ENGINE_SEED=n).</summary>
public class SimulationTests
{
    [Fact]
    public void Randomized_3_and_5_node_clusters_keep_every_safety_invariant_and_make_progress_after_healing()
    {
        Seeds.Run(5000, seed =>
        {
            var sim = new Simulation(seed, seed % 2 == 0 ? 3 : 5);
            sim.Run(700);
        });
    }

    [Fact]
    public void The_same_seed_replays_identically()
    {
        var a = new Simulation(4242, 5);
        a.Run(300);
        var b = new Simulation(4242, 5);
        b.Run(300);
        Assert.Equal(a.MaxCommitted, b.MaxCommitted);
        Assert.True(a.MaxCommitted > 5);
    }

    [Fact]
    [Trait("tier", "slow")]
    public void Long_randomized_runs_keep_every_invariant()
    {
        Seeds.Run(2000, seed => new Simulation(seed, seed % 2 == 0 ? 3 : 5).Run(3000), firstSeed: 100_000);
    }
}
