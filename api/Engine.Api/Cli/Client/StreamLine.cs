using System.Text.Json.Serialization;
using Engine.Api.Json;

namespace Engine.Api.Cli.Client;

/// <summary>One line of a gateway response stream as the client reads it: a result or an error.</summary>
public sealed class StreamLine<T>
    where T : class
{
    [JsonPropertyName("result")]
    public T? Result { get; set; }

    [JsonPropertyName("error")]
    public StreamError? Error { get; set; }
}
