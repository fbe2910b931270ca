using Engine.Wal;

namespace Engine.Wal.Tests;

/// <summary>The reference model of the crash test: the state after the last acknowledged call and after the call in flight.</summary>
internal sealed class WalModel
{
    public State? Acked { get; private set; }

    public State? InFlight { get; private set; }

    public List<string> Trace { get; } = [];

    public void Begin(State next)
    {
        InFlight = next;
        Trace.Add($"{string.Join(",", next.Entries.Select(e => e.Index))} hs={next.HardState} m={next.LatestMarker}");
    }

    public void Ack()
    {
        Acked = InFlight;
        InFlight = null;
    }

    /// <summary>An immutable log state: entries from index 1, last hard state, markers.</summary>
    internal sealed record State(IReadOnlyList<WalEntry> Entries, WalHardState? HardState, (ulong Index, ulong Term) LatestMarker)
    {
        public static readonly State Empty = new([], null, (0, 0));

        public ulong LastIndex => (ulong)Entries.Count;

        public ulong TermAt(ulong index) => Entries[(int)index - 1].Term;

        public State WithSave(WalHardState? hard, WalEntry[] batch)
        {
            var entries = Entries.ToList();
            if (batch.Length > 0)
            {
                entries.RemoveRange((int)batch[0].Index - 1, entries.Count - ((int)batch[0].Index - 1));
                entries.AddRange(batch);
            }

            return this with { Entries = entries, HardState = hard ?? HardState };
        }

        public State WithMarker(ulong index, ulong term) => this with { LatestMarker = (index, term) };

        public List<WalEntry> EntriesAfter(ulong index) => Entries.Skip((int)index).ToList();

        public bool Matches(WalReplay replay, ulong openedAt)
        {
            var expected = EntriesAfter(openedAt);
            if (replay.HardState != HardState || replay.Entries.Count != expected.Count)
            {
                return false;
            }

            for (int i = 0; i < expected.Count; i++)
            {
                var (e, a) = (expected[i], replay.Entries[i]);
                if (e.Index != a.Index || e.Term != a.Term || !e.Payload.Span.SequenceEqual(a.Payload.Span))
                {
                    return false;
                }
            }

            return true;
        }

    }
}
