using Engine.Raft;
using Engine.TestKit;

namespace Engine.Raft.Tests;

/// <summary>Quorum maths against a deliberately naive model (etcd quorum/quick_test.go) and in-flight flow control.</summary>
public class TrackerTests
{
    [Fact]
    public void Committed_index_equals_the_largest_index_a_majority_of_voters_has_naive_model()
    {
        Seeds.Run(2000, seed =>
        {
            var random = new Random(seed);
            int voters = random.Next(1, 8);
            var tracker = new ProgressTracker(4);
            var matches = new ulong[voters];
            for (int i = 0; i < voters; i++)
            {
                tracker.AddVoter((ulong)i + 1, 1);
                matches[i] = (ulong)random.Next(0, 20);
                tracker[(ulong)i + 1].Match = matches[i];
            }

            if (random.Next(2) == 0)
            {
                tracker.AddLearner(100, 1);
                tracker[100].Match = 1000; // learners never count
            }

            ulong naive = 0;
            for (ulong candidate = 0; candidate <= 20; candidate++)
            {
                if (matches.Count(m => m >= candidate) > voters / 2) naive = candidate;
            }

            Assert.Equal(naive, tracker.Committed());
        });
    }

    [Fact]
    public void Inflights_fill_to_capacity_and_free_up_to_an_acknowledged_index_across_the_ring_boundary()
    {
        var inflights = new Inflights(4);
        for (ulong i = 1; i <= 4; i++) inflights.Add(i * 10);
        Assert.True(inflights.Full);
        Assert.Throws<InvalidOperationException>(() => inflights.Add(50));
        inflights.FreeLE(25);
        Assert.Equal(2, inflights.Count);
        inflights.Add(50);
        inflights.Add(60);
        Assert.True(inflights.Full);
        inflights.FreeLE(5);
        Assert.Equal(4, inflights.Count);
        inflights.FreeFirstOne();
        Assert.Equal(3, inflights.Count);
        inflights.FreeLE(60);
        Assert.Equal(0, inflights.Count);
    }

    [Fact]
    public void Progress_probe_allows_one_message_in_flight_and_a_stale_rejection_is_ignored()
    {
        var p = new Progress(5, 4, false);
        Assert.False(p.IsPaused);
        p.ProbeSent = true;
        Assert.True(p.IsPaused);
        Assert.False(p.MaybeDecrTo(2, 1)); // rejects an index we did not send: stale
        Assert.True(p.MaybeDecrTo(4, 1));
        Assert.Equal(2UL, p.Next);
        Assert.False(p.IsPaused);
        Assert.True(p.MaybeUpdate(3));
        p.BecomeReplicate();
        Assert.Equal(4UL, p.Next);
        Assert.False(p.MaybeDecrTo(3, 0)); // at or below match: stale in replicate
    }
}
