using System.Text.Json;
using Engine.Api.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Engine.Api.Tests;

/// <summary>Log lines are one JSON object each with etcd's (zap's) field names: level, ts, logger, msg, fields, error.</summary>
public sealed class ZapJsonFormatterTests
{
    [Fact]
    public void A_structured_entry_becomes_one_zap_style_json_line()
    {
        var state = new List<KeyValuePair<string, object?>> { new("member", "8e9e05c52164694d"), new("{OriginalFormat}", "started {member}") };
        var entry = new LogEntry<List<KeyValuePair<string, object?>>>(LogLevel.Warning, "Engine.Server", new EventId(1), state,
            new IOException("disk full"), (_, _) => "started 8e9e05c52164694d");
        var writer = new StringWriter();
        new ZapJsonFormatter().Write(entry, null, writer);
        string line = writer.ToString();
        Assert.EndsWith("\n", line);
        Assert.Single(line.TrimEnd('\n').Split('\n'));
        var json = JsonDocument.Parse(line).RootElement;
        Assert.Equal("warn", json.GetProperty("level").GetString());
        Assert.Equal("started 8e9e05c52164694d", json.GetProperty("msg").GetString());
        Assert.Equal("8e9e05c52164694d", json.GetProperty("member").GetString());
        Assert.Equal("disk full", json.GetProperty("error").GetString());
        Assert.Equal("Engine.Server", json.GetProperty("logger").GetString());
        Assert.True(DateTime.TryParse(json.GetProperty("ts").GetString(), out _));
        Assert.False(json.TryGetProperty("{OriginalFormat}", out _));
    }

    [Theory]
    [InlineData(LogLevel.Debug, "debug")]
    [InlineData(LogLevel.Information, "info")]
    [InlineData(LogLevel.Error, "error")]
    [InlineData(LogLevel.Critical, "fatal")]
    public void Levels_use_zaps_names(LogLevel level, string name) => Assert.Equal(name, ZapJsonFormatter.Level(level));
}
