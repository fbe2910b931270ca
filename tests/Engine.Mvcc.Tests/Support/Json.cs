using System.Text.Json;
using Engine.Protocol;

namespace Engine.Mvcc.Tests.Support;

/// <summary>Renders outcomes as JSON so whole responses can be compared field by field.</summary>
public static class Json
{
    private static readonly JsonSerializerOptions Options = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    public static string Of<T>(Outcome<T> outcome)
        where T : class =>
        outcome.Error is { } e ? $"error {e.Code}: {e.Message}" : JsonSerializer.Serialize(outcome.Value, Options);

    public static string Of<T>(T value) => JsonSerializer.Serialize(value, Options);
}
