using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Engine.Protocol;

namespace Engine.Server.Cluster;

/// <summary>
/// Requests only the leader can decide, forwarded from a follower to the leader's advertised client URL
/// over the v3 JSON API (etcd forwards promote to the leader because only the leader's raft progress
/// says whether a learner is in sync). The leader's answer, success or etcd error, is passed back as is.
/// </summary>
public static class LeaderForwarder
{
    private static readonly HttpClient Client = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>Asks the leader to promote <paramref name="memberId"/>; null when it did.</summary>
    public static async Task<EtcdError?> PromoteAsync(IReadOnlyList<string> leaderClientUrls, ulong memberId, CancellationToken cancel)
    {
        string body = $"{{\"ID\":\"{memberId}\"}}";
        EtcdError last = EtcdErrors.Timeout;
        foreach (string url in leaderClientUrls)
        {
            try
            {
                using var content = new StringContent(body, Encoding.UTF8);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var response = await Client.PostAsync(url.TrimEnd('/') + "/v3/cluster/member/promote", content, cancel).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return null;
                }

                byte[] answer = await response.Content.ReadAsByteArrayAsync(cancel).ConfigureAwait(false);
                return ParseError(answer) ?? EtcdErrors.Timeout;
            }
            catch (Exception error) when (error is HttpRequestException or TaskCanceledException or IOException && !cancel.IsCancellationRequested)
            {
                last = EtcdErrors.Timeout;
            }
        }

        return last;
    }

    /// <summary>Reads the gateway's error body <c>{"error","code","message"}</c> back into an <see cref="EtcdError"/>.</summary>
    public static EtcdError? ParseError(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("code", out var code) || code.ValueKind != JsonValueKind.Number
                || !root.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            return new EtcdError((GrpcCode)code.GetInt32(), message.GetString()!);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
