using Engine.Api.Cli;

namespace Engine.Api.Tests;

/// <summary>The idle trimmer collects once after a burst of allocation is followed by a quiet period, never while busy.</summary>
public sealed class IdleMemoryTrimmerTests
{
    [Fact]
    public void Trims_once_after_a_burst_goes_quiet_and_not_while_allocation_continues()
    {
        long allocated = 0;
        int collections = 0;
        using var trimmer = new IdleMemoryTrimmer(() => allocated, () => collections++, startTimer: false);

        allocated += IdleMemoryTrimmer.BurstBytes / 2;
        Assert.False(trimmer.Check()); // busy
        allocated += IdleMemoryTrimmer.BurstBytes;
        Assert.False(trimmer.Check()); // still busy, burst now large enough
        allocated += IdleMemoryTrimmer.QuietBytes / 4;
        Assert.True(trimmer.Check()); // quiet after the burst: trim
        Assert.Equal(1, collections);

        allocated += IdleMemoryTrimmer.QuietBytes / 4;
        Assert.False(trimmer.Check()); // quiet, but no burst since the trim
        Assert.Equal(1, trimmer.Trims);
    }

    [Fact]
    public void Small_steady_allocation_never_trims()
    {
        long allocated = 0;
        int collections = 0;
        using var trimmer = new IdleMemoryTrimmer(() => allocated, () => collections++, startTimer: false);
        for (int i = 0; i < 100; i++)
        {
            allocated += IdleMemoryTrimmer.QuietBytes / 2;
            trimmer.Check();
        }

        Assert.Equal(0, collections);
    }

    [Fact]
    public void Allocation_before_the_trimmer_started_counts_as_a_burst_when_counting_from_zero()
    {
        long allocated = IdleMemoryTrimmer.BurstBytes * 2; // e.g. the key index rebuild at start-up
        int collections = 0;
        using var trimmer = new IdleMemoryTrimmer(() => allocated, () => collections++, startTimer: false, countFromZero: true);
        Assert.False(trimmer.Check()); // the first look sees the whole start-up as one busy period
        Assert.True(trimmer.Check());  // then quiet: trim
        Assert.Equal(1, collections);
    }
}
