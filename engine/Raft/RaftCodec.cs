namespace Engine.Raft;

/// <summary>
/// The compact binary encoding of raft values (entries, hard state, configurations, conf changes, snapshot
/// metadata and messages) used by the WAL and the peer transport. The byte layout is in FORMAT.md.
/// Every Encode writes into a caller's span sized by the matching SizeOf; every Decode reads a span,
/// reports the bytes consumed, copies payloads (the result never aliases the input) and throws
/// <see cref="InvalidDataException"/> on truncated or malformed input.
/// </summary>
public static class RaftCodec
{
    private const byte FlagReject = 1;
    private const byte FlagSnapshot = 2;

    // ---- Entry ----
    public static int SizeOf(in Entry entry) =>
        VarSize(entry.Term) + VarSize(entry.Index) + 1 + VarSize((ulong)entry.Data.Length) + entry.Data.Length;

    public static int Encode(in Entry entry, Span<byte> destination)
    {
        int at = 0;
        at += WriteVar(destination[at..], entry.Term);
        at += WriteVar(destination[at..], entry.Index);
        destination[at++] = (byte)entry.Type;
        at += WriteBytes(destination[at..], entry.Data.Span);
        return at;
    }

    public static Entry DecodeEntry(ReadOnlySpan<byte> source, out int consumed)
    {
        var reader = new Reader(source);
        ulong term = reader.Var();
        ulong index = reader.Var();
        byte type = reader.Byte();
        if (type > (byte)EntryType.ConfChange) throw new InvalidDataException($"unknown entry type {type}");
        byte[] data = reader.Bytes();
        consumed = reader.Position;
        return new Entry(term, index, (EntryType)type, data);
    }

    // ---- HardState ----
    public static int SizeOf(in HardState state) => VarSize(state.Term) + VarSize(state.Vote) + VarSize(state.Commit);

    public static int Encode(in HardState state, Span<byte> destination)
    {
        int at = WriteVar(destination, state.Term);
        at += WriteVar(destination[at..], state.Vote);
        at += WriteVar(destination[at..], state.Commit);
        return at;
    }

    public static HardState DecodeHardState(ReadOnlySpan<byte> source, out int consumed)
    {
        var reader = new Reader(source);
        var state = new HardState(reader.Var(), reader.Var(), reader.Var());
        consumed = reader.Position;
        return state;
    }

    // ---- ConfState ----
    public static int SizeOf(ConfState state)
    {
        int size = VarSize((ulong)state.Voters.Count) + VarSize((ulong)state.Learners.Count);
        foreach (ulong v in state.Voters) size += VarSize(v);
        foreach (ulong l in state.Learners) size += VarSize(l);
        return size;
    }

    public static int Encode(ConfState state, Span<byte> destination)
    {
        int at = WriteVar(destination, (ulong)state.Voters.Count);
        foreach (ulong v in state.Voters) at += WriteVar(destination[at..], v);
        at += WriteVar(destination[at..], (ulong)state.Learners.Count);
        foreach (ulong l in state.Learners) at += WriteVar(destination[at..], l);
        return at;
    }

    public static ConfState DecodeConfState(ReadOnlySpan<byte> source, out int consumed)
    {
        var reader = new Reader(source);
        ConfState state = ReadConfState(ref reader);
        consumed = reader.Position;
        return state;
    }

    // ---- ConfChange ----
    public static int SizeOf(ConfChange change) =>
        1 + VarSize(change.NodeId) + VarSize(change.Id) + VarSize((ulong)change.Context.Length) + change.Context.Length;

    public static int Encode(ConfChange change, Span<byte> destination)
    {
        destination[0] = (byte)change.Type;
        int at = 1;
        at += WriteVar(destination[at..], change.NodeId);
        at += WriteVar(destination[at..], change.Id);
        at += WriteBytes(destination[at..], change.Context.Span);
        return at;
    }

    public static ConfChange DecodeConfChange(ReadOnlySpan<byte> source, out int consumed)
    {
        var reader = new Reader(source);
        byte type = reader.Byte();
        if (type > (byte)ConfChangeType.AddLearnerNode) throw new InvalidDataException($"unknown conf change type {type}");
        ulong node = reader.Var();
        ulong id = reader.Var();
        byte[] context = reader.Bytes();
        consumed = reader.Position;
        return new ConfChange((ConfChangeType)type, node, context, id);
    }

    // ---- SnapshotMetadata ----
    public static int SizeOf(in SnapshotMetadata metadata) =>
        VarSize(metadata.Index) + VarSize(metadata.Term) + SizeOf(metadata.ConfState);

    public static int Encode(in SnapshotMetadata metadata, Span<byte> destination)
    {
        int at = WriteVar(destination, metadata.Index);
        at += WriteVar(destination[at..], metadata.Term);
        at += Encode(metadata.ConfState, destination[at..]);
        return at;
    }

    public static SnapshotMetadata DecodeSnapshotMetadata(ReadOnlySpan<byte> source, out int consumed)
    {
        var reader = new Reader(source);
        SnapshotMetadata metadata = ReadMetadata(ref reader);
        consumed = reader.Position;
        return metadata;
    }

    // ---- Message ----
    public static int SizeOf(Message message)
    {
        int size = 1 + VarSize(message.To) + VarSize(message.From) + VarSize(message.Term) + VarSize(message.LogTerm)
            + VarSize(message.Index) + VarSize(message.Commit) + 1 + VarSize(message.RejectHint)
            + VarSize((ulong)message.Context.Length) + message.Context.Length + VarSize((ulong)message.Entries.Length);
        foreach (Entry e in message.Entries) size += SizeOf(e);
        if (message.Snapshot is { } snap)
        {
            size += SizeOf(snap.Metadata) + VarSize((ulong)snap.Data.Length) + snap.Data.Length;
        }

        return size;
    }

    public static int Encode(Message message, Span<byte> destination)
    {
        destination[0] = (byte)message.Type;
        int at = 1;
        at += WriteVar(destination[at..], message.To);
        at += WriteVar(destination[at..], message.From);
        at += WriteVar(destination[at..], message.Term);
        at += WriteVar(destination[at..], message.LogTerm);
        at += WriteVar(destination[at..], message.Index);
        at += WriteVar(destination[at..], message.Commit);
        destination[at++] = (byte)((message.Reject ? FlagReject : 0) | (message.Snapshot is null ? 0 : FlagSnapshot));
        at += WriteVar(destination[at..], message.RejectHint);
        at += WriteBytes(destination[at..], message.Context.Span);
        at += WriteVar(destination[at..], (ulong)message.Entries.Length);
        foreach (Entry e in message.Entries) at += Encode(e, destination[at..]);
        if (message.Snapshot is { } snap)
        {
            at += Encode(snap.Metadata, destination[at..]);
            at += WriteBytes(destination[at..], snap.Data.Span);
        }

        return at;
    }

    public static Message DecodeMessage(ReadOnlySpan<byte> source, out int consumed)
    {
        var reader = new Reader(source);
        byte type = reader.Byte();
        if (type > (byte)MessageType.MsgPreVoteResp) throw new InvalidDataException($"unknown message type {type}");
        var message = new Message
        {
            Type = (MessageType)type,
            To = reader.Var(),
            From = reader.Var(),
            Term = reader.Var(),
            LogTerm = reader.Var(),
            Index = reader.Var(),
            Commit = reader.Var(),
        };
        byte flags = reader.Byte();
        if ((flags & ~(FlagReject | FlagSnapshot)) != 0) throw new InvalidDataException($"unknown message flags {flags}");
        message.Reject = (flags & FlagReject) != 0;
        message.RejectHint = reader.Var();
        message.Context = reader.Bytes();
        ulong count = reader.Var();
        if (count > (ulong)(source.Length - reader.Position) / 4) throw new InvalidDataException($"entry count {count} exceeds input");
        var entries = count == 0 ? [] : new Entry[count];
        for (int i = 0; i < entries.Length; i++)
        {
            entries[i] = DecodeEntry(source[reader.Position..], out int used);
            reader.Skip(used);
        }

        message.Entries = entries;
        if ((flags & FlagSnapshot) != 0)
        {
            SnapshotMetadata metadata = ReadMetadata(ref reader);
            message.Snapshot = new Snapshot(metadata, reader.Bytes());
        }

        consumed = reader.Position;
        return message;
    }

    // ---- conveniences ----
    public static byte[] ToBytes(in Entry entry) { var b = new byte[SizeOf(entry)]; Encode(entry, b); return b; }
    public static byte[] ToBytes(in HardState state) { var b = new byte[SizeOf(state)]; Encode(state, b); return b; }
    public static byte[] ToBytes(ConfState state) { var b = new byte[SizeOf(state)]; Encode(state, b); return b; }
    public static byte[] ToBytes(ConfChange change) { var b = new byte[SizeOf(change)]; Encode(change, b); return b; }
    public static byte[] ToBytes(in SnapshotMetadata metadata) { var b = new byte[SizeOf(metadata)]; Encode(metadata, b); return b; }
    public static byte[] ToBytes(Message message) { var b = new byte[SizeOf(message)]; Encode(message, b); return b; }

    // ---- primitives ----
    private static ConfState ReadConfState(ref Reader reader)
    {
        var voters = new ulong[reader.Count()];
        for (int i = 0; i < voters.Length; i++) voters[i] = reader.Var();
        var learners = new ulong[reader.Count()];
        for (int i = 0; i < learners.Length; i++) learners[i] = reader.Var();
        return new ConfState(voters, learners);
    }

    private static SnapshotMetadata ReadMetadata(ref Reader reader)
    {
        ulong index = reader.Var();
        ulong term = reader.Var();
        return new SnapshotMetadata(index, term, ReadConfState(ref reader));
    }

    private static int VarSize(ulong value)
    {
        int size = 1;
        while (value >= 0x80) { value >>= 7; size++; }
        return size;
    }

    private static int WriteVar(Span<byte> destination, ulong value)
    {
        int at = 0;
        while (value >= 0x80)
        {
            destination[at++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[at++] = (byte)value;
        return at;
    }

    private static int WriteBytes(Span<byte> destination, ReadOnlySpan<byte> bytes)
    {
        int at = WriteVar(destination, (ulong)bytes.Length);
        bytes.CopyTo(destination[at..]);
        return at + bytes.Length;
    }

    private ref struct Reader
    {
        private readonly ReadOnlySpan<byte> _source;

        public Reader(ReadOnlySpan<byte> source) { _source = source; Position = 0; }

        public int Position { get; private set; }

        public void Skip(int count) => Position += count;

        public byte Byte()
        {
            if (Position >= _source.Length) throw new InvalidDataException("truncated raft record");
            return _source[Position++];
        }

        public ulong Var()
        {
            ulong value = 0;
            for (int shift = 0; shift < 64; shift += 7)
            {
                byte b = Byte();
                if (shift == 63 && b > 1) throw new InvalidDataException("varint overflows 64 bits");
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80) return value;
            }

            throw new InvalidDataException("varint longer than 10 bytes");
        }

        public int Count()
        {
            ulong count = Var();
            if (count > (ulong)(_source.Length - Position)) throw new InvalidDataException($"count {count} exceeds input");
            return (int)count;
        }

        public byte[] Bytes()
        {
            int length = Count();
            byte[] bytes = length == 0 ? [] : _source.Slice(Position, length).ToArray();
            Position += length;
            return bytes;
        }
    }
}
