namespace Engine.Server.State;

/// <summary>
/// The one place the member's current <see cref="MemberState"/> lives. Every service reads
/// <see cref="Current"/> once per request and uses that bundle throughout; the apply loop's snapshot install
/// is the only writer (<see cref="Swap"/>), one reference assignment, so readers see the old bundle or the
/// new one, never a mix.
/// </summary>
internal sealed class MemberStateHolder
{
    private MemberState _current;

    public MemberStateHolder(MemberState initial)
    {
        _current = initial;
    }

    public MemberState Current => Volatile.Read(ref _current);

    /// <summary>
    /// Guards the lessor of the current bundle (not thread-safe): the apply loop, keep-alives, the expiry timer
    /// and leadership changes share it; a swap holds it so the new lessor takes over the old one's primary role.
    /// </summary>
    public Lock LessorGate { get; } = new();

    /// <summary>
    /// Held by whatever replaces or rewrites the db file under the member: a snapshot install and an online
    /// defragment never run at once (the defragment would rewrite the file the install is moving away).
    /// </summary>
    public SemaphoreSlim DbFileGate { get; } = new(1, 1);

    /// <summary>Installs <paramref name="next"/> as the current bundle and returns the retired one (the caller retires it).</summary>
    public MemberState Swap(MemberState next, int electionTimeoutMs)
    {
        lock (LessorGate)
        {
            var previous = _current;
            if (previous.Lessor.IsPrimary)
            {
                next.Lessor.Promote(electionTimeoutMs);
            }

            Volatile.Write(ref _current, next);
            return previous;
        }
    }

    /// <summary>Raft's leadership changed: the lessor of the current bundle becomes primary (expires leases) or stops being it.</summary>
    public void OnLeadership(bool leading, int electionTimeoutMs)
    {
        lock (LessorGate)
        {
            var lessor = _current.Lessor;
            if (leading)
            {
                lessor.Promote(electionTimeoutMs);
            }
            else if (lessor.IsPrimary)
            {
                lessor.Demote();
            }
        }
    }

    /// <summary>
    /// Runs a read on the current bundle; a read that raced a snapshot install onto the retired bundle (closed
    /// under it) is answered by the new one instead of failing. Pass a static lambda: the argument travels without a closure.
    /// </summary>
    public T Read<TArgument, T>(TArgument argument, Func<MemberState, TArgument, T> read)
    {
        while (true)
        {
            var state = Current;
            try
            {
                return read(state, argument);
            }
            catch (ObjectDisposedException) when (!ReferenceEquals(state, Current))
            {
                // retired between taking the bundle and the read: read the new one
            }
        }
    }
}
