using Engine.Common.Errors;

namespace Engine.Raft;

/// <summary>The message handling half of the raft state machine: Step and the per-role step functions.</summary>
internal sealed partial class RaftCore
{
    private enum CampaignType
    {
        PreElection,
        Election,
        Transfer,
    }

    /// <summary>Processes one message; false when it was dropped (a proposal with no leader, or from an unknown peer).</summary>
    public bool Step(Message m)
    {
        if (m.Term == 0)
        {
            // Local message.
        }
        else if (m.Term > Term)
        {
            if (m.Type is MessageType.MsgVote or MessageType.MsgPreVote)
            {
                bool force = m.Context.Span.SequenceEqual(CampaignTransferContext);
                bool inLease = CheckQuorum && Lead != 0 && _electionElapsed < _electionTimeout;
                // With CheckQuorum, a node that heard from a leader within the election timeout ignores votes (raft thesis §4.2.3).
                if (!force && inLease) return true;
            }

            if (m.Type == MessageType.MsgPreVote)
            {
                // Never change term in response to a pre-vote.
            }
            else if (m.Type == MessageType.MsgPreVoteResp && !m.Reject)
            {
                // The term is bumped when the pre-vote wins.
            }
            else if (m.Type is MessageType.MsgApp or MessageType.MsgHeartbeat or MessageType.MsgSnap)
            {
                BecomeFollower(m.Term, m.From);
            }
            else
            {
                BecomeFollower(m.Term, 0);
            }
        }
        else if (m.Term < Term)
        {
            if ((CheckQuorum || PreVote) && m.Type is MessageType.MsgHeartbeat or MessageType.MsgApp)
            {
                // A stale leader (cut off, its term passed) learns the new term from this and steps down.
                Send(new Message { To = m.From, Type = MessageType.MsgAppResp });
            }
            else if (m.Type == MessageType.MsgPreVote)
            {
                Send(new Message { To = m.From, Term = Term, Type = MessageType.MsgPreVoteResp, Reject = true });
            }

            return true;
        }

        switch (m.Type)
        {
            case MessageType.MsgHup:
                Hup(PreVote ? CampaignType.PreElection : CampaignType.Election);
                return true;
            case MessageType.MsgVote:
            case MessageType.MsgPreVote:
                HandleVoteRequest(m);
                return true;
            default:
                return State switch
                {
                    StateType.Leader => StepLeader(m),
                    StateType.Follower => StepFollower(m),
                    _ => StepCandidate(m),
                };
        }
    }

    private void HandleVoteRequest(Message m)
    {
        // We can vote for the same candidate again, vote when we have not voted and know no leader,
        // and always answer a pre-vote for a later term.
        bool canVote = Vote == m.From
            || (Vote == 0 && Lead == 0)
            || (m.Type == MessageType.MsgPreVote && m.Term > Term);
        MessageType response = m.Type == MessageType.MsgVote ? MessageType.MsgVoteResp : MessageType.MsgPreVoteResp;
        // Election restriction (raft paper §5.4.1): only a candidate whose log is at least as up to date.
        if (canVote && Log.IsUpToDate(m.Index, m.LogTerm))
        {
            Send(new Message { To = m.From, Term = m.Term, Type = response });
            if (m.Type == MessageType.MsgVote)
            {
                _electionElapsed = 0;
                Vote = m.From;
            }
        }
        else
        {
            Send(new Message { To = m.From, Term = Term, Type = response, Reject = true });
        }
    }

    private void Hup(CampaignType type)
    {
        if (State == StateType.Leader) return;
        if (!Promotable) return;
        // A pending conf change must be applied before campaigning, or the new leader could use the wrong configuration.
        if (HasUnappliedConfChanges()) return;
        Campaign(type);
    }

    private void Campaign(CampaignType type)
    {
        ulong term;
        MessageType voteType;
        if (type == CampaignType.PreElection)
        {
            BecomePreCandidate();
            voteType = MessageType.MsgPreVote;
            term = Term + 1; // the term we would use; not taken yet
        }
        else
        {
            BecomeCandidate();
            voteType = MessageType.MsgVote;
            term = Term;
        }

        if (Poll(Id, true) == VoteResult.Won)
        {
            // Single-voter cluster.
            if (type == CampaignType.PreElection) Campaign(CampaignType.Election);
            else BecomeLeader();
            return;
        }

        ulong lastIndex = Log.LastIndex();
        ulong lastTerm = Log.LastTerm();
        foreach (ulong id in Tracker.Voters)
        {
            if (id == Id) continue;
            Send(new Message
            {
                To = id,
                Term = term,
                Type = voteType,
                Index = lastIndex,
                LogTerm = lastTerm,
                Context = type == CampaignType.Transfer ? CampaignTransferContext : ReadOnlyMemory<byte>.Empty,
            });
        }
    }

    private VoteResult Poll(ulong id, bool granted)
    {
        Tracker.RecordVote(id, granted);
        return Tracker.TallyVotes().Result;
    }

    // ---------------- leader ----------------

    private bool StepLeader(Message m)
    {
        switch (m.Type)
        {
            case MessageType.MsgBeat:
                BroadcastHeartbeat();
                return true;
            case MessageType.MsgCheckQuorum:
                if (!Tracker.QuorumActive(Id)) BecomeFollower(Term, 0);
                foreach (ulong id in Tracker.Ids) if (id != Id) Tracker[id].RecentActive = false;
                return true;
            case MessageType.MsgProp:
                return HandleProposal(m);
            case MessageType.MsgReadIndex:
                HandleReadIndexAsLeader(m);
                return true;
        }

        Progress? p = Tracker.Get(m.From);
        if (p is null) return false;
        switch (m.Type)
        {
            case MessageType.MsgAppResp:
                HandleAppendResponse(m, p);
                break;
            case MessageType.MsgHeartbeatResp:
                HandleHeartbeatResponse(m, p);
                break;
            case MessageType.MsgSnapStatus:
                if (p.State != ProgressState.Snapshot) break;
                if (m.Reject) p.PendingSnapshot = 0;
                p.BecomeProbe();
                // Wait for the follower's MsgAppResp (or a heartbeat response) before the next append.
                p.ProbeSent = true;
                break;
            case MessageType.MsgUnreachable:
                if (p.State == ProgressState.Replicate) p.BecomeProbe();
                break;
            case MessageType.MsgTransferLeader:
                HandleTransferLeader(m, p);
                break;
        }

        return true;
    }

    private bool HandleProposal(Message m)
    {
        InvariantViolationException.Check(m.Entries.Length > 0, $"{Id} stepped empty MsgProp");
        // A leader that was removed from the configuration, or that is handing over, drops proposals.
        if (Tracker.Get(Id) is null || LeadTransferee != 0) return false;
        Entry[] entries = m.Entries;
        for (int i = 0; i < entries.Length; i++)
        {
            if (entries[i].Type != EntryType.ConfChange) continue;
            if (PendingConfIndex > Log.Applied)
            {
                // Only one unapplied conf change at a time (raft thesis §4.1): replace it with a no-op.
                if (ReferenceEquals(entries, m.Entries)) entries = (Entry[])entries.Clone();
                entries[i] = new Entry(0, 0);
            }
            else
            {
                PendingConfIndex = Log.LastIndex() + (ulong)i + 1;
            }
        }

        AppendEntries(entries);
        BroadcastAppend();
        return true;
    }

    private void HandleReadIndexAsLeader(Message m)
    {
        if (Tracker.IsSingleton)
        {
            RespondToReadIndex(m, Log.Committed);
            return;
        }

        // Until an entry of its own term commits, a new leader does not know the latest commit index (raft thesis §6.4).
        if (!CommittedEntryInCurrentTerm())
        {
            _pendingReadIndexMessages.Add(m);
            return;
        }

        SendReadIndexResponse(m);
    }

    private void SendReadIndexResponse(Message m)
    {
        if (ReadOnly.Option == ReadOnlyOption.LeaseBased)
        {
            RespondToReadIndex(m, Log.Committed);
            return;
        }

        // Safe: remember the commit index now, answer once a quorum acknowledges a heartbeat with this context.
        ReadOnly.Add(Log.Committed, m);
        IReadOnlySet<ulong>? acks = ReadOnly.Ack(Id, m.Context.Span);
        if (acks is not null && Tracker.AckResult(acks) == VoteResult.Won)
        {
            foreach ((ulong index, Message request) in ReadOnly.Advance(m.Context.Span)) RespondToReadIndex(request, index);
            return;
        }

        BroadcastHeartbeat(m.Context);
    }

    private void ReleasePendingReadIndexMessages()
    {
        if (_pendingReadIndexMessages.Count == 0 || !CommittedEntryInCurrentTerm()) return;
        Message[] pending = _pendingReadIndexMessages.ToArray();
        _pendingReadIndexMessages.Clear();
        foreach (Message m in pending) SendReadIndexResponse(m);
    }

    private void RespondToReadIndex(Message request, ulong index)
    {
        if (request.From == 0 || request.From == Id)
        {
            ReadStates.Add(new ReadState(index, request.Context));
            return;
        }

        Send(new Message { To = request.From, Type = MessageType.MsgReadIndexResp, Index = index, Context = request.Context });
    }

    private void HandleAppendResponse(Message m, Progress p)
    {
        p.RecentActive = true;
        if (m.Reject)
        {
            ulong nextProbe = m.RejectHint;
            if (m.LogTerm > 0) nextProbe = Log.FindConflictByTerm(m.RejectHint, m.LogTerm).Index;
            if (p.MaybeDecrTo(m.Index, nextProbe))
            {
                if (p.State == ProgressState.Replicate) p.BecomeProbe();
                SendAppend(m.From);
            }

            return;
        }

        bool wasPaused = p.IsPaused;
        if (!p.MaybeUpdate(m.Index)) return;
        if (p.State == ProgressState.Probe)
        {
            p.BecomeReplicate();
        }
        else if (p.State == ProgressState.Snapshot && p.Match >= p.PendingSnapshot)
        {
            p.BecomeProbe();
            p.BecomeReplicate();
        }
        else if (p.State == ProgressState.Replicate)
        {
            p.Inflights.FreeLE(m.Index);
        }

        if (MaybeCommit())
        {
            ReleasePendingReadIndexMessages();
            BroadcastAppend();
        }
        else if (wasPaused)
        {
            SendAppend(m.From);
        }

        // Fill the in-flight window.
        while (MaybeSendAppend(m.From, sendIfEmpty: false))
        {
        }

        if (m.From == LeadTransferee && p.Match == Log.LastIndex()) SendTimeoutNow(m.From);
    }

    private void HandleHeartbeatResponse(Message m, Progress p)
    {
        p.RecentActive = true;
        p.ProbeSent = false;
        if (p.State == ProgressState.Replicate && p.Inflights.Full) p.Inflights.FreeFirstOne();
        if (p.Match < Log.LastIndex()) SendAppend(m.From);
        if (ReadOnly.Option != ReadOnlyOption.Safe || m.Context.IsEmpty) return;
        IReadOnlySet<ulong>? acks = ReadOnly.Ack(m.From, m.Context.Span);
        if (acks is null || Tracker.AckResult(acks) != VoteResult.Won) return;
        foreach ((ulong index, Message request) in ReadOnly.Advance(m.Context.Span)) RespondToReadIndex(request, index);
    }

    private void HandleTransferLeader(Message m, Progress p)
    {
        if (p.IsLearner) return;
        ulong transferee = m.From;
        if (LeadTransferee != 0)
        {
            if (LeadTransferee == transferee) return;
            AbortLeaderTransfer();
        }

        if (transferee == Id) return;
        // The transfer must finish within an election timeout.
        _electionElapsed = 0;
        LeadTransferee = transferee;
        if (p.Match == Log.LastIndex()) SendTimeoutNow(transferee);
        else SendAppend(transferee);
    }

    // ---------------- candidate ----------------

    private bool StepCandidate(Message m)
    {
        MessageType myVoteResponse = State == StateType.PreCandidate ? MessageType.MsgPreVoteResp : MessageType.MsgVoteResp;
        switch (m.Type)
        {
            case MessageType.MsgProp:
                return false;
            case MessageType.MsgApp:
                BecomeFollower(m.Term, m.From);
                HandleAppendEntries(m);
                return true;
            case MessageType.MsgHeartbeat:
                BecomeFollower(m.Term, m.From);
                HandleHeartbeat(m);
                return true;
            case MessageType.MsgSnap:
                BecomeFollower(m.Term, m.From);
                HandleSnapshot(m);
                return true;
            case MessageType.MsgReadIndex:
                return false;
        }

        if (m.Type == myVoteResponse)
        {
            VoteResult result = Poll(m.From, !m.Reject);
            if (result == VoteResult.Won)
            {
                if (State == StateType.PreCandidate)
                {
                    Campaign(CampaignType.Election);
                }
                else
                {
                    BecomeLeader();
                    BroadcastAppend();
                }
            }
            else if (result == VoteResult.Lost)
            {
                // A lost pre-vote or vote returns to follower in the same term.
                BecomeFollower(Term, 0);
            }
        }

        return true;
    }

    // ---------------- follower ----------------

    private bool StepFollower(Message m)
    {
        switch (m.Type)
        {
            case MessageType.MsgProp:
            case MessageType.MsgReadIndex:
            case MessageType.MsgTransferLeader:
                if (Lead == 0) return false;
                Message forwarded = m.Clone();
                forwarded.To = Lead;
                forwarded.Term = 0;
                Send(forwarded);
                return true;
            case MessageType.MsgApp:
                _electionElapsed = 0;
                Lead = m.From;
                HandleAppendEntries(m);
                return true;
            case MessageType.MsgHeartbeat:
                _electionElapsed = 0;
                Lead = m.From;
                HandleHeartbeat(m);
                return true;
            case MessageType.MsgSnap:
                _electionElapsed = 0;
                Lead = m.From;
                HandleSnapshot(m);
                return true;
            case MessageType.MsgTimeoutNow:
                // The leader asks us to take over now, skipping the pre-vote (raft thesis §3.10).
                Hup(CampaignType.Transfer);
                return true;
            case MessageType.MsgReadIndexResp:
                ReadStates.Add(new ReadState(m.Index, m.Context));
                return true;
        }

        return true;
    }

    private void HandleAppendEntries(Message m)
    {
        if (m.Index < Log.Committed)
        {
            Send(new Message { To = m.From, Type = MessageType.MsgAppResp, Index = Log.Committed });
            return;
        }

        if (Log.TryAppend(m.Index, m.LogTerm, m.Commit, m.Entries, out ulong lastNew))
        {
            Send(new Message { To = m.From, Type = MessageType.MsgAppResp, Index = lastNew });
            return;
        }

        // Consistency check failed (raft paper §5.3): reject with a hint so the leader can skip a whole term.
        ulong hintIndex = Math.Min(m.Index, Log.LastIndex());
        (ulong index, ulong term) = Log.FindConflictByTerm(hintIndex, m.LogTerm);
        Send(new Message { To = m.From, Type = MessageType.MsgAppResp, Index = m.Index, Reject = true, RejectHint = index, LogTerm = term });
    }

    private void HandleHeartbeat(Message m)
    {
        Log.CommitTo(m.Commit);
        Send(new Message { To = m.From, Type = MessageType.MsgHeartbeatResp, Context = m.Context });
    }

    private void HandleSnapshot(Message m)
    {
        Snapshot snapshot = m.Snapshot ?? Snapshot.Empty;
        ulong index = Restore(snapshot) ? Log.LastIndex() : Log.Committed;
        Send(new Message { To = m.From, Type = MessageType.MsgAppResp, Index = index });
    }
}
