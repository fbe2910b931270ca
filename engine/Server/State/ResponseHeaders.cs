using Engine.Protocol;
using Engine.Server.Raft;

namespace Engine.Server.State;

/// <summary>The response header every answer carries: cluster id, member id, raft term and (for KV answers) a revision.</summary>
internal sealed class ResponseHeaders(ulong clusterId, ulong memberId, RaftLoopStatus raft, MemberStateHolder state)
{
    public ulong ClusterId => clusterId;

    public ulong MemberId => memberId;

    public ulong RaftTerm => raft.Term;

    /// <summary>A header at <paramref name="revision"/>, or at the current revision when 0.</summary>
    public ResponseHeader Create(long revision = 0) => new()
    {
        ClusterId = clusterId,
        MemberId = memberId,
        Revision = revision == 0 ? state.Current.Kv.CurrentRevision : revision,
        RaftTerm = raft.Term,
    };

    /// <summary>etcd's cluster RPCs fill cluster id, member id and term but no revision.</summary>
    public ResponseHeader CreateWithoutRevision() => new() { ClusterId = clusterId, MemberId = memberId, RaftTerm = raft.Term };

    /// <summary>Fills the ids and the term of a header the state machine answered with (and its revision when unset).</summary>
    public void Fill(ResponseHeader? header)
    {
        if (header is null)
        {
            return;
        }

        header.ClusterId = clusterId;
        header.MemberId = memberId;
        header.RaftTerm = raft.Term;
        if (header.Revision == 0)
        {
            header.Revision = state.Current.Kv.CurrentRevision;
        }
    }

    /// <summary>The header of a KV or lease answer: the state machine's own when it set one (filled in), else a new one.</summary>
    public ResponseHeader Completed(ResponseHeader? header)
    {
        if (header is null)
        {
            return Create();
        }

        Fill(header);
        return header;
    }
}
