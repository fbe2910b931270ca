using System.Net.Sockets;
using System.Text;

namespace Engine.Api.Tests;

/// <summary>
/// A full-duplex HTTP/1.1 client for one streaming POST (HttpClient does not hand out the response
/// before the request body ends on HTTP/1.1; curl and etcd's clients do): the request body is sent as
/// chunks whenever the test wants, the chunked response is read line by line as it arrives.
/// </summary>
public sealed class RawHttpStream : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private readonly StringBuilder _lineBuffer = new();
    private readonly byte[] _readBuffer = new byte[64 * 1024];
    private int _readStart;
    private int _readEnd;
    private int _chunkRemaining;
    private bool _ended;

    private RawHttpStream(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    public int Status { get; private set; }

    public string ContentType { get; private set; } = "";

    /// <summary>Connects and sends the request line and headers (no body yet).</summary>
    public static async Task<RawHttpStream> OpenAsync(string baseUrl, string path)
    {
        var uri = new Uri(baseUrl);
        var tcp = new TcpClient();
        await tcp.ConnectAsync(uri.Host, uri.Port);
        var raw = new RawHttpStream(tcp);
        string head = $"POST {path} HTTP/1.1\r\nHost: {uri.Authority}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
        await raw._stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        return raw;
    }

    /// <summary>Sends one chunk of the request body.</summary>
    public async Task SendAsync(string json)
    {
        byte[] data = Encoding.UTF8.GetBytes(json);
        await _stream.WriteAsync(Encoding.ASCII.GetBytes($"{data.Length:x}\r\n"));
        await _stream.WriteAsync(data);
        await _stream.WriteAsync("\r\n"u8.ToArray());
    }

    /// <summary>Ends the request body (the gateway's CloseSend).</summary>
    public async Task CompleteAsync() => await _stream.WriteAsync("0\r\n\r\n"u8.ToArray());

    /// <summary>Reads the status line and headers.</summary>
    public async Task ReadHeadersAsync(TimeSpan patience)
    {
        string status = await ReadRawLineAsync().WaitAsync(patience) ?? throw new IOException("no status line");
        Status = int.Parse(status.Split(' ')[1]);
        while (await ReadRawLineAsync().WaitAsync(patience) is { Length: > 0 } header)
        {
            if (header.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase))
            {
                ContentType = header["Content-Type:".Length..].Trim();
            }
        }
    }

    /// <summary>The next newline-terminated line of the (chunked) body, or null at its end.</summary>
    public async Task<string?> ReadLineAsync(TimeSpan patience)
    {
        return await ReadBodyLineAsync().WaitAsync(patience);
    }

    public ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<string?> ReadBodyLineAsync()
    {
        _lineBuffer.Clear();
        while (true)
        {
            if (_chunkRemaining == 0)
            {
                if (_ended)
                {
                    return _lineBuffer.Length > 0 ? _lineBuffer.ToString() : null;
                }

                string? size = await ReadRawLineAsync();
                while (size is { Length: 0 })
                {
                    size = await ReadRawLineAsync();
                }

                _chunkRemaining = size is null ? 0 : Convert.ToInt32(size.Split(';')[0], 16);
                if (_chunkRemaining == 0)
                {
                    _ended = true;
                    continue;
                }
            }

            int b = await ReadByteAsync();
            if (b < 0)
            {
                _ended = true;
                _chunkRemaining = 0;
                continue;
            }

            _chunkRemaining--;
            if (b == '\n')
            {
                return _lineBuffer.ToString();
            }

            _lineBuffer.Append((char)b);
        }
    }

    private async Task<string?> ReadRawLineAsync()
    {
        var line = new StringBuilder();
        while (true)
        {
            int b = await ReadByteAsync();
            if (b < 0)
            {
                return line.Length > 0 ? line.ToString() : null;
            }

            if (b == '\n')
            {
                return line.ToString().TrimEnd('\r');
            }

            line.Append((char)b);
        }
    }

    private async Task<int> ReadByteAsync()
    {
        if (_readStart == _readEnd)
        {
            _readStart = 0;
            _readEnd = await _stream.ReadAsync(_readBuffer);
            if (_readEnd == 0)
            {
                return -1;
            }
        }

        return _readBuffer[_readStart++];
    }
}
