using Engine.Protocol;
using Engine.Server.Entries;
using Engine.Server.Proposals;
using Engine.Server.State;

namespace Engine.Server.Maintenance;

/// <summary>
/// etcd's backend quota: writes that grow the db are refused with NOSPACE while the alarm is active or once the
/// quota would be exceeded; the first refusal raises the NOSPACE alarm through raft so every member agrees.
/// </summary>
internal sealed class NoSpaceQuota(MemberStateHolder state, Proposer proposer)
{
    /// <summary>NOSPACE when a write of about <paramref name="cost"/> bytes may not go ahead, else null.</summary>
    public EtcdError? Check(long cost)
    {
        var current = state.Current;
        if (current.Alarms.Has(AlarmType.NoSpace))
        {
            return EtcdErrors.NoSpace;
        }

        if (current.Backend.IsQuotaAvailable(cost + 256))
        {
            return null;
        }

        proposer.ProposeInBackground(new RaftRequest { Alarm = new AlarmChange { Activate = true, MemberId = proposer.MemberId, Alarm = (int)AlarmType.NoSpace } });
        return EtcdErrors.NoSpace;
    }
}
