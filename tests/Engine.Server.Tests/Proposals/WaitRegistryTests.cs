using Engine.Server.Proposals;

namespace Engine.Server.Tests.Proposals;

/// <summary>The apply loop wakes exactly the proposer of an entry; unknown ids (other members' proposals) are ignored.</summary>
public sealed class WaitRegistryTests
{
    [Fact]
    public async Task Trigger_completes_the_registered_waiter_once()
    {
        var registry = new WaitRegistry();
        var task = registry.Register(42);
        Assert.False(registry.Trigger(41, "other"));
        Assert.True(registry.Trigger(42, "done"));
        Assert.False(registry.Trigger(42, "again"));
        Assert.Equal("done", await task);
        Assert.Equal(0, registry.Count);
    }

    [Fact]
    public void Duplicate_registration_is_refused()
    {
        var registry = new WaitRegistry();
        registry.Register(1);
        Assert.Throws<InvalidOperationException>(() => { _ = registry.Register(1); });
    }

    [Fact]
    public async Task FailAll_fails_every_waiter()
    {
        var registry = new WaitRegistry();
        var a = registry.Register(1);
        var b = registry.Register(2);
        registry.FailAll(new TimeoutException("stopped"));
        await Assert.ThrowsAsync<TimeoutException>(() => a);
        await Assert.ThrowsAsync<TimeoutException>(() => b);
    }
}
