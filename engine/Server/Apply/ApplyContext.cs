using Engine.Membership;
using Engine.Mvcc;
using Engine.Mvcc.Lease;
using Engine.Storage.Backend;

namespace Engine.Server.Apply;

/// <summary>The state machines the apply loop writes to, built by the server and shared with its read paths.</summary>
internal sealed class ApplyContext
{
    public required Backend Backend { get; init; }

    public required KvStore Kv { get; init; }

    public required Lessor Lessor { get; init; }

    /// <summary>Guards <see cref="Lessor"/> (not thread-safe): the apply loop, keep-alives and the expiry timer share it.</summary>
    public required object LessorGate { get; init; }

    public required MemberRegistry Members { get; init; }

    public required AlarmStore Alarms { get; init; }
}
