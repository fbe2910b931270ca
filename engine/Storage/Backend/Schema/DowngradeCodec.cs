using System.Text.Json;

namespace Engine.Storage.Schema;

/// <summary>
/// JSON codec for cluster <c>downgrade</c>, etcd's DowngradeInfo: <c>{"target-version":"3.5.0","enabled":true}</c>.
/// </summary>
public static class DowngradeCodec
{
    public static byte[] Encode(DowngradeInfoRecord info)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("target-version", info.TargetVersion);
            writer.WriteBoolean("enabled", info.Enabled);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Decodes the JSON; missing fields take etcd's zero values; throws <see cref="FormatException"/> when malformed.</summary>
    public static DowngradeInfoRecord Decode(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            string target = "";
            bool enabled = false;
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new FormatException("malformed downgrade JSON");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string name = reader.GetString()!;
                reader.Read();
                switch (name)
                {
                    case "target-version": target = reader.GetString() ?? ""; break;
                    case "enabled": enabled = reader.GetBoolean(); break;
                    default: reader.Skip(); break;
                }
            }

            return new DowngradeInfoRecord(target, enabled);
        }
        catch (JsonException e)
        {
            throw new FormatException("malformed downgrade JSON", e);
        }
        catch (InvalidOperationException e)
        {
            throw new FormatException("malformed downgrade JSON", e);
        }
    }
}
