using Engine.Raft;
using Engine.Wal;

namespace Engine.Server.Raft;

/// <summary>
/// How a raft entry is stored in the WAL: the WAL keeps (index, term) itself; the payload is one byte of
/// entry type followed by the entry data. <see cref="EntrySource"/> writes payloads straight into the
/// WAL's batch buffer, so a proposal's bytes are copied once on their way to disk.
/// </summary>
internal static class RaftEntryPayload
{
    public static Entry ToEntry(in WalEntry record)
    {
        ReadOnlySpan<byte> payload = record.Payload.Span;
        var type = (EntryType)payload[0];
        return new Entry(record.Term, record.Index, type, payload[1..].ToArray());
    }

    /// <summary>Adapts raft's entries to the WAL's zero-copy batch source.</summary>
    public readonly struct EntrySource(IReadOnlyList<Entry> entries) : IWalEntrySource
    {
        public int Count => entries.Count;

        public ulong IndexAt(int i) => entries[i].Index;

        public ulong TermAt(int i) => entries[i].Term;

        public int PayloadLengthAt(int i) => 1 + entries[i].Data.Length;

        public void WritePayload(int i, Span<byte> destination)
        {
            destination[0] = (byte)entries[i].Type;
            entries[i].Data.Span.CopyTo(destination[1..]);
        }
    }
}
