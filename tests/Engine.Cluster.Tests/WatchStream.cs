using System.Text;

namespace Engine.Cluster.Tests;

/// <summary>A watch on one member over the JSON gateway: one create request, then the response lines as they come.</summary>
public sealed class WatchStream : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _lines;

    private WatchStream(HttpResponseMessage response, StreamReader lines)
    {
        _response = response;
        _lines = lines;
    }

    /// <summary>Watches keys with <paramref name="prefix"/>, retrying while the member is not answering yet.</summary>
    public static async Task<WatchStream> OpenAsync(ClusterMember member, string prefix, TimeSpan timeout)
    {
        byte[] end = Encoding.UTF8.GetBytes(prefix);
        end[^1]++;
        string body = $"{{\"create_request\":{{\"key\":\"{Json.B64(prefix)}\",\"range_end\":\"{Convert.ToBase64String(end)}\"}}}}";
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/v3/watch") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                var response = await member.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                return new WatchStream(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>The next line, or null when the stream ended; throws <see cref="TimeoutException"/> when none comes in time.</summary>
    public async Task<string?> NextAsync(TimeSpan timeout) => await _lines.ReadLineAsync().WaitAsync(timeout);

    public ValueTask DisposeAsync()
    {
        _lines.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
