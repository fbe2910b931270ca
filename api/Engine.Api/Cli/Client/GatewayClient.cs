using System.Net.Http.Headers;
using Engine.Api.Json;
using Engine.Protocol;

namespace Engine.Api.Cli.Client;

/// <summary>
/// The client side of etcd's v3 JSON gateway for the `engine` client commands: POSTs requests
/// serialized with the source-generated gateway context to the first reachable endpoint and decodes
/// either the response or etcd's error body into an <see cref="Outcome{T}"/>.
/// </summary>
public sealed class GatewayClient : IDisposable
{
    private readonly HttpClient _http;

    public GatewayClient(string endpoint, TransportSettings settings)
    {
        Endpoint = endpoint;
        _http = ClientTransport.Create(endpoint, settings);
    }

    /// <summary>The endpoint as given (host:port or URL).</summary>
    public string Endpoint { get; }

    /// <summary>A unary call; transport failures become an Unavailable error naming the endpoint.</summary>
    public async Task<Outcome<TResponse>> CallAsync<TRequest, TResponse>(string path, TRequest request, CancellationToken cancel)
        where TResponse : class, new()
    {
        try
        {
            using var content = new ByteArrayContent(GatewayJson.ToUtf8(request));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using HttpResponseMessage response = await _http.PostAsync(path, content, cancel);
            byte[] body = await response.Content.ReadAsByteArrayAsync(cancel);
            return response.IsSuccessStatusCode ? GatewayInput.Decode<TResponse>(body) : ErrorOf(body, (int)response.StatusCode);
        }
        catch (HttpRequestException error)
        {
            return Unreachable(error);
        }
        catch (TaskCanceledException) when (!cancel.IsCancellationRequested)
        {
            return new EtcdError(GrpcCode.DeadlineExceeded, "context deadline exceeded");
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            return new EtcdError(GrpcCode.Canceled, "context canceled");
        }
    }

    /// <summary>A streaming call: sends <paramref name="body"/> and hands each response line to <paramref name="onResult"/> until the stream ends.</summary>
    public async Task<EtcdError?> StreamAsync<TResponse>(string path, byte[] body, Func<TResponse, Task<bool>> onResult, CancellationToken cancel)
        where TResponse : class, new()
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using HttpResponseMessage response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel));
            while (await reader.ReadLineAsync(cancel) is { } line)
            {
                Outcome<StreamLine<TResponse>> decoded = GatewayInput.Decode<StreamLine<TResponse>>(System.Text.Encoding.UTF8.GetBytes(line));
                if (decoded.Error is { } bad)
                {
                    return bad;
                }

                if (decoded.Value!.Error is { } failed)
                {
                    return new EtcdError((GrpcCode)failed.GrpcCode, failed.Message ?? "stream error");
                }

                if (decoded.Value.Result is { } result && !await onResult(result))
                {
                    return null;
                }
            }

            return response.IsSuccessStatusCode ? null : new EtcdError(GrpcCode.Unknown, $"unexpected HTTP status {(int)response.StatusCode}");
        }
        catch (HttpRequestException error)
        {
            return Unreachable(error);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            return null;
        }
        catch (TaskCanceledException)
        {
            return new EtcdError(GrpcCode.DeadlineExceeded, "context deadline exceeded");
        }
    }

    public void Dispose() => _http.Dispose();

    private EtcdError Unreachable(HttpRequestException error) =>
        new(GrpcCode.Unavailable, $"dial {Endpoint}: {Reason(error)}");

    private static string Reason(HttpRequestException error) => error.InnerException switch
    {
        System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionRefused } => "connect: connection refused",
        System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.HostNotFound } => "no such host",
        System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.TimedOut } => "i/o timeout",
        System.Net.Sockets.SocketException socket => socket.Message.ToLowerInvariant(),
        TimeoutException or TaskCanceledException => "i/o timeout",
        System.Security.Authentication.AuthenticationException tls => $"TLS handshake failed: {tls.Message}",
        _ => "connection failed",
    };

    private static EtcdError ErrorOf(byte[] body, int status)
    {
        Outcome<GatewayErrorBody> parsed = GatewayInput.Decode<GatewayErrorBody>(body);
        if (parsed.Value is { Message: { } message } error)
        {
            return new EtcdError((GrpcCode)error.Code, message);
        }

        string text = System.Text.Encoding.UTF8.GetString(body).Trim();
        return new EtcdError(GrpcCode.Unknown, $"HTTP {status}: {text}");
    }
}
