using System.Buffers;
using System.Text.Json;
using Engine.Protocol;

namespace Engine.Api.Json;

/// <summary>
/// Decodes one gateway request body as etcd's gateway does: the first JSON value only (trailing bytes
/// ignored), an empty body or <c>null</c> is an empty request, proto names and lowerCamel names both
/// accepted (lowerCamel keys are rewritten to proto names in one Utf8JsonReader/Writer pass, only when
/// present), unknown fields ignored, int64 as numbers or strings, enums as names or numbers. Any
/// malformed input becomes an InvalidArgument <see cref="EtcdError"/> that names the place, never an
/// exception text.
/// </summary>
public static class GatewayInput
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = GatewayJson.MaxDepth };

    /// <summary>Decodes <paramref name="body"/> into a <typeparamref name="T"/>, or returns the error.</summary>
    public static Outcome<T> Decode<T>(ReadOnlySequence<byte> body)
        where T : class, new()
    {
        if (IsBlank(body))
        {
            return new T();
        }

        var reader = new Utf8JsonReader(body, ReaderOptions);
        try
        {
            if (!reader.Read() || reader.TokenType == JsonTokenType.Null)
            {
                return new T();
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return Invalid($"json: cannot unmarshal {Describe(reader.TokenType)} into a request object");
            }

            if (!HasLowerCamelNames(reader))
            {
                return JsonSerializer.Deserialize(ref reader, GatewayJson.Info<T>()) ?? new T();
            }

            var rewritten = new ArrayBufferWriter<byte>((int)Math.Min(body.Length + 64, int.MaxValue));
            RewriteNames(ref reader, rewritten);
            var second = new Utf8JsonReader(rewritten.WrittenSpan, ReaderOptions);
            return JsonSerializer.Deserialize(ref second, GatewayJson.Info<T>()) ?? new T();
        }
        catch (JsonException error)
        {
            return Invalid(Explain(error));
        }
    }

    /// <summary>Decodes a complete in-memory body (tests, CLI).</summary>
    public static Outcome<T> Decode<T>(ReadOnlyMemory<byte> body)
        where T : class, new() => Decode<T>(new ReadOnlySequence<byte>(body));

    private static bool IsBlank(ReadOnlySequence<byte> body)
    {
        foreach (ReadOnlyMemory<byte> segment in body)
        {
            if (segment.Span.IndexOfAnyExcept(" \t\r\n"u8) >= 0)
            {
                return false;
            }
        }

        return true;
    }

    private static EtcdError Invalid(string message) => new(GrpcCode.InvalidArgument, message);

    private static string Explain(JsonException error)
    {
        string where = string.IsNullOrEmpty(error.Path) || error.Path == "$"
            ? $"line {error.LineNumber + 1}, byte {error.BytePositionInLine + 1}"
            : $"'{error.Path}'";
        if (error.InnerException is FormatException format)
        {
            // System.Text.Json reports a bad base64 string and a bad number-in-a-string both as FormatException;
            // only the first is etcd's "illegal base64 data" (issue 23: a bad int64 was reported as base64).
            return format.Message.Contains("Base64", StringComparison.OrdinalIgnoreCase)
                ? $"illegal base64 data at {where}"
                : $"invalid number at {where}";
        }

        return error.Path is null || error.Path == "$"
            ? $"invalid JSON in request body at {where}"
            : $"json: cannot unmarshal the value at {where}";
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "array",
        JsonTokenType.String => "string",
        JsonTokenType.Number => "number",
        JsonTokenType.True or JsonTokenType.False => "bool",
        _ => "value",
    };

    /// <summary>Scans (a copy of) the reader positioned on the opening brace for any lowerCamel alias.</summary>
    private static bool HasLowerCamelNames(Utf8JsonReader scan)
    {
        int depth = scan.CurrentDepth;
        while (scan.Read())
        {
            if (scan.TokenType == JsonTokenType.PropertyName && !scan.ValueIsEscaped && ProtoNames.ProtoNameOf(scan.ValueSpan) is not null)
            {
                return true;
            }

            if (scan.TokenType == JsonTokenType.EndObject && scan.CurrentDepth == depth)
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>Copies the object the reader is on to <paramref name="output"/>, renaming lowerCamel keys.</summary>
    private static void RewriteNames(ref Utf8JsonReader reader, IBufferWriter<byte> output)
    {
        using var writer = new Utf8JsonWriter(output, GatewayJson.WriterOptions);
        int depth = reader.CurrentDepth;
        do
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject: writer.WriteStartObject(); break;
                case JsonTokenType.EndObject: writer.WriteEndObject(); break;
                case JsonTokenType.StartArray: writer.WriteStartArray(); break;
                case JsonTokenType.EndArray: writer.WriteEndArray(); break;
                case JsonTokenType.True: writer.WriteBooleanValue(true); break;
                case JsonTokenType.False: writer.WriteBooleanValue(false); break;
                case JsonTokenType.Null: writer.WriteNullValue(); break;
                case JsonTokenType.Number: writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true); break;
                case JsonTokenType.String: writer.WriteStringValue(reader.GetString()); break;
                case JsonTokenType.PropertyName:
                    string? proto = reader.ValueIsEscaped ? null : ProtoNames.ProtoNameOf(reader.ValueSpan);
                    if (proto is not null)
                    {
                        writer.WritePropertyName(proto);
                    }
                    else
                    {
                        writer.WritePropertyName(reader.GetString()!);
                    }

                    break;
            }

            if (reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth)
            {
                break;
            }
        }
        while (reader.Read());
        writer.Flush();
    }
}
