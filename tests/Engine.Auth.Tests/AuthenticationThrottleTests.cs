using Engine.Auth.Tokens;

namespace Engine.Auth.Tests;

/// <summary>Authenticate is rate-limited per user name against password guessing (issue 21).</summary>
public sealed class AuthenticationThrottleTests
{
    [Fact]
    public void AfterMaxFailuresTheNameWaitsForTheWindow_OtherNamesAreUnaffected()
    {
        var clock = new ManualClock();
        var throttle = new AuthenticationThrottle(clock);
        for (int i = 0; i < AuthenticationThrottle.MaxFailures; i++)
        {
            Assert.True(throttle.MayAttempt("root"));
            throttle.RecordFailure("root");
        }

        Assert.False(throttle.MayAttempt("root"));
        Assert.True(throttle.MayAttempt("alice"));
        clock.Advance(AuthenticationThrottle.Window);
        Assert.True(throttle.MayAttempt("root"));
    }

    [Fact]
    public void SuccessClearsTheName()
    {
        var throttle = new AuthenticationThrottle(new ManualClock());
        for (int i = 0; i < AuthenticationThrottle.MaxFailures - 1; i++)
        {
            throttle.RecordFailure("u");
        }

        throttle.RecordSuccess("u");
        throttle.RecordFailure("u");
        Assert.True(throttle.MayAttempt("u"));
    }
}
