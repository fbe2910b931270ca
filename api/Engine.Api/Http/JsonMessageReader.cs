using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using Engine.Api.Json;
using Engine.Protocol;

namespace Engine.Api.Http;

/// <summary>
/// Reads a request body that is a stream of JSON objects (one gRPC message each, as grpc-gateway's
/// bidi streams decode it), yielding each as soon as it is complete. A message larger than
/// <c>limit</c> or malformed JSON ends the stream with an error, as the gateway's CloseSend does.
/// </summary>
public sealed class JsonMessageReader<T>(PipeReader pipe, long limit)
    where T : class, new()
{
    private ReadOnlySequence<byte> _buffer;
    private bool _holding;
    private bool _completed;

    /// <summary>The next message, an error for a bad one, or null at the end of the body.</summary>
    public async ValueTask<Outcome<T>?> NextAsync(CancellationToken cancel)
    {
        while (true)
        {
            if (_holding)
            {
                if (TryTake(out Outcome<T> message, out bool end))
                {
                    return message;
                }

                if (end)
                {
                    pipe.AdvanceTo(_buffer.End);
                    _holding = false;
                    return null;
                }

                if (_buffer.Length > limit)
                {
                    pipe.AdvanceTo(_buffer.End);
                    _holding = false;
                    return Outcome<T>.Fail(EtcdErrors.RequestTooLarge);
                }

                pipe.AdvanceTo(_buffer.Start, _buffer.End);
                _holding = false;
            }

            ReadResult read = await pipe.ReadAsync(cancel);
            _buffer = read.Buffer;
            _completed = read.IsCompleted || read.IsCanceled;
            _holding = true;
        }
    }

    /// <summary>Takes one complete message from the front of the held buffer, if there is one.</summary>
    private bool TryTake(out Outcome<T> message, out bool end)
    {
        message = default;
        end = false;
        var reader = new Utf8JsonReader(_buffer, _completed, default);
        try
        {
            if (!reader.Read())
            {
                end = _completed;
                return false;
            }

            if (!reader.TrySkip())
            {
                if (_completed)
                {
                    message = Outcome<T>.Fail(new EtcdError(GrpcCode.InvalidArgument, "unexpected EOF"));
                    _buffer = _buffer.Slice(_buffer.End);
                    return true;
                }

                return false;
            }
        }
        catch (JsonException)
        {
            message = Outcome<T>.Fail(new EtcdError(GrpcCode.InvalidArgument, "invalid JSON in request stream"));
            _buffer = _buffer.Slice(_buffer.End);
            return true;
        }

        ReadOnlySequence<byte> one = _buffer.Slice(0, reader.BytesConsumed);
        message = GatewayInput.Decode<T>(one);
        _buffer = _buffer.Slice(reader.BytesConsumed);
        return true;
    }
}
