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
            sim.Run(1000);
        });
    }

    [Fact]
    public void The_same_seed_replays_identically()
    {
        int reads = 0;
        ulong committed = 0;
        for (int seed = 4242; seed < 4252; seed++)
        {
            var a = new Simulation(seed, 5);
            a.Run(700);
            var b = new Simulation(seed, 5);
            b.Run(700);
            Assert.Equal((a.MaxCommitted, a.ReadsAnswered), (b.MaxCommitted, b.ReadsAnswered));
            reads += a.ReadsAnswered;
            committed += a.MaxCommitted;
        }

        // The runs exercise replication and linearizable reads, not only elections.
        Assert.True(committed > 50, $"only {committed} entries committed");
        Assert.True(reads > 0, "no read index was ever answered");
    }

    [Fact]
    [Trait("tier", "slow")]
    public void Long_randomized_runs_keep_every_invariant()
    {
        Seeds.Run(2000, seed => new Simulation(seed, seed % 2 == 0 ? 3 : 5).Run(3000), firstSeed: 100_000);
    }
}
