using System.Text.Json;

namespace Engine.Storage.Schema;

/// <summary>
/// JSON codec for meta <c>confState</c>, the shape etcd writes with encoding/json of raftpb.ConfState:
/// <c>{"voters":[1,2],"learners":[3],"voters_outgoing":[..],"learners_next":[..],"auto_leave":false}</c>,
/// empty lists omitted, <c>auto_leave</c> always present. Reflection-free (Utf8JsonWriter/Reader).
/// </summary>
public static class ConfStateCodec
{
    public static byte[] Encode(ConfStateRecord state)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            WriteList(writer, "voters", state.Voters);
            WriteList(writer, "learners", state.Learners);
            WriteList(writer, "voters_outgoing", state.VotersOutgoing);
            WriteList(writer, "learners_next", state.LearnersNext);
            writer.WriteBoolean("auto_leave", state.AutoLeave);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Decodes the JSON; unknown fields are skipped; throws <see cref="FormatException"/> when malformed.</summary>
    public static ConfStateRecord Decode(ReadOnlySpan<byte> json)
    {
        try
        {
            return DecodeCore(json);
        }
        catch (JsonException e)
        {
            throw new FormatException("malformed confState JSON", e);
        }
        catch (InvalidOperationException e)
        {
            throw new FormatException("malformed confState JSON", e);
        }
    }

    private static ConfStateRecord DecodeCore(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        List<ulong> voters = [], learners = [], outgoing = [], next = [];
        bool autoLeave = false;
        Expect(reader.Read() && reader.TokenType == JsonTokenType.StartObject);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string name = reader.GetString()!;
            Expect(reader.Read());
            switch (name)
            {
                case "voters": ReadList(ref reader, voters); break;
                case "learners": ReadList(ref reader, learners); break;
                case "voters_outgoing": ReadList(ref reader, outgoing); break;
                case "learners_next": ReadList(ref reader, next); break;
                case "auto_leave": autoLeave = reader.GetBoolean(); break;
                default: reader.Skip(); break;
            }
        }

        Expect(reader.TokenType == JsonTokenType.EndObject);
        return new ConfStateRecord(voters, learners, outgoing, next, autoLeave);
    }

    private static void WriteList(Utf8JsonWriter writer, string name, IReadOnlyList<ulong> ids)
    {
        if (ids.Count == 0)
        {
            return;
        }

        writer.WriteStartArray(name);
        foreach (ulong id in ids)
        {
            writer.WriteNumberValue(id);
        }

        writer.WriteEndArray();
    }

    private static void ReadList(ref Utf8JsonReader reader, List<ulong> into)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        Expect(reader.TokenType == JsonTokenType.StartArray);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            into.Add(reader.GetUInt64());
        }
    }

    private static void Expect(bool condition)
    {
        if (!condition)
        {
            throw new FormatException("malformed confState JSON");
        }
    }
}
