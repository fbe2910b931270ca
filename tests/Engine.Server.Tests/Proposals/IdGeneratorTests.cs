using Engine.Server.Proposals;

namespace Engine.Server.Tests.Proposals;

/// <summary>etcd idutil: member prefix in the top 16 bits, then time-seeded counter; ids never repeat.</summary>
public sealed class IdGeneratorTests
{
    [Fact]
    public void Ids_carry_the_member_prefix_and_increase()
    {
        var generator = new IdGenerator(0x8e9e05c52164694d, DateTimeOffset.FromUnixTimeMilliseconds(1_000));
        ulong first = generator.Next();
        ulong second = generator.Next();
        Assert.Equal(0x694dUL, first >> 48);
        Assert.Equal(first + 1, second);
        Assert.Equal(((1_000UL) << 8) + 1, first & ((1UL << 48) - 1));
    }

    [Fact]
    public void Concurrent_ids_are_unique()
    {
        var generator = new IdGenerator(7, DateTimeOffset.UtcNow);
        var ids = new System.Collections.Concurrent.ConcurrentBag<ulong>();
        Parallel.For(0, 8, _ =>
        {
            for (int i = 0; i < 10_000; i++)
            {
                ids.Add(generator.Next());
            }
        });
        Assert.Equal(80_000, ids.Distinct().Count());
    }
}
