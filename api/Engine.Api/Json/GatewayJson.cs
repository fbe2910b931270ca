using System.Buffers;
using System.Collections;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Engine.Protocol.Validation;

namespace Engine.Api.Json;

/// <summary>
/// The serializer settings of etcd's v3 JSON gateway, built once over <see cref="GatewayJsonContext"/>:
/// proto3 zero-value omission extended to empty strings, bytes and lists; base64 and names written
/// without needless escaping; the lowerCamel → proto-name table used by <see cref="GatewayInput"/>.
/// </summary>
public static class GatewayJson
{
    /// <summary>
    /// The deepest JSON accepted and written: three levels per nested txn (txn object, op list, op object) up to
    /// <see cref="ValidationLimits.MaxTxnNesting"/>, plus room for the envelope. A deeper txn is refused by
    /// validation ("too many operations"), never by the JSON reader or the response writer.
    /// </summary>
    public const int MaxDepth = (3 * ValidationLimits.MaxTxnNesting) + 16;

    /// <summary>The options every gateway message is read and written with (read-only).</summary>
    public static readonly JsonSerializerOptions Options = CreateOptions();

    /// <summary>Writer settings: relaxed escaping (base64 '+' stays '+'), no per-token validation.</summary>
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
        MaxDepth = MaxDepth,
    };

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>The source-generated metadata of <typeparamref name="T"/> under <see cref="Options"/>.</summary>
    public static JsonTypeInfo<T> Info<T>() => TypeInfoCache<T>.Value;

    /// <summary>Writes <paramref name="value"/> as one JSON object into <paramref name="output"/>.</summary>
    public static void Write<T>(IBufferWriter<byte> output, T value)
    {
        Utf8JsonWriter writer = RentWriter(output);
        JsonSerializer.Serialize(writer, value, TypeInfoCache<T>.Value);
        writer.Flush();
        writer.Reset();
    }

    /// <summary>Writes <c>{"result":value}</c> followed by a newline: one line of a gateway response stream.</summary>
    public static void WriteStreamResult<T>(IBufferWriter<byte> output, T value)
    {
        Utf8JsonWriter writer = RentWriter(output);
        writer.WriteStartObject();
        writer.WritePropertyName("result"u8);
        JsonSerializer.Serialize(writer, value, TypeInfoCache<T>.Value);
        writer.WriteEndObject();
        writer.Flush();
        writer.Reset();
        output.Write("\n"u8);
    }

    /// <summary>Serializes <paramref name="value"/> to a UTF-8 byte array (tests, CLI).</summary>
    public static byte[] ToUtf8<T>(T value)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Write(buffer, value);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Serializes <paramref name="value"/> to a string (tests, CLI).</summary>
    public static string ToJson<T>(T value) => System.Text.Encoding.UTF8.GetString(ToUtf8(value));

    private static Utf8JsonWriter RentWriter(IBufferWriter<byte> output)
    {
        Utf8JsonWriter? writer = t_writer;
        if (writer is null)
        {
            writer = new Utf8JsonWriter(output, WriterOptions);
            t_writer = writer;
        }
        else
        {
            writer.Reset(output);
        }

        return writer;
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(GatewayJsonContext.Default.Options)
        {
            TypeInfoResolver = GatewayJsonContext.Default.WithAddedModifier(OmitEmptyValues),
            MaxDepth = MaxDepth,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.MakeReadOnly();
        return options;
    }

    /// <summary>proto3 JSON omits empty strings, bytes and repeated fields, not only nulls and zeros.</summary>
    private static void OmitEmptyValues(JsonTypeInfo info)
    {
        if (info.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        foreach (JsonPropertyInfo property in info.Properties)
        {
            Type type = property.PropertyType;
            if (type == typeof(string))
            {
                property.ShouldSerialize = static (_, value) => value is string { Length: > 0 };
            }
            else if (type == typeof(byte[]))
            {
                property.ShouldSerialize = static (_, value) => value is byte[] { Length: > 0 };
            }
            else if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
            {
                property.ShouldSerialize = static (_, value) => value is ICollection { Count: > 0 };
            }
        }
    }

    private static class TypeInfoCache<T>
    {
        public static readonly JsonTypeInfo<T> Value = (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));
    }
}
