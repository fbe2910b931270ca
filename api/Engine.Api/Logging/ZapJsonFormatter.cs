using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Engine.Api.Logging;

/// <summary>
/// One JSON object per log line with etcd's (zap's) field names — <c>level</c>, <c>ts</c> (ISO-8601 UTC),
/// <c>logger</c>, <c>msg</c>, then the structured state's fields and <c>error</c> — so tools that read
/// etcd's logs read Engine's. Written with Utf8JsonWriter (no reflection).
/// </summary>
public sealed class ZapJsonFormatter : ConsoleFormatter
{
    public const string FormatterName = "zap-json";

    public ZapJsonFormatter()
        : base(FormatterName)
    {
    }

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        string message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("level", Level(logEntry.LogLevel));
            json.WriteString("ts", DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("logger", logEntry.Category);
            json.WriteString("msg", message);
            if (logEntry.State is IReadOnlyList<KeyValuePair<string, object?>> fields)
            {
                foreach (var (name, value) in fields)
                {
                    if (name != "{OriginalFormat}")
                    {
                        json.WriteString(name, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                    }
                }
            }

            if (logEntry.Exception is { } error)
            {
                json.WriteString("error", error.Message);
            }

            json.WriteEndObject();
        }

        textWriter.Write(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        textWriter.Write('\n');
    }

    public static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "error",
        LogLevel.Critical => "fatal",
        _ => "info",
    };
}
