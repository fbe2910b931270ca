using Engine.Protocol;
using Google.Protobuf;
using WireKv = Engine.Api.Grpc.Mvccpb;
using Wire = Engine.Api.Grpc.Etcdserverpb;

namespace Engine.Api.Grpc.Mapping;

/// <summary>
/// Conversions shared by every service: bytes, the response header, key-values and events. Outgoing byte
/// arrays are wrapped without copying (the engine never mutates a response after handing it out);
/// incoming empty bytes become null, which the engine reads as "absent" (proto3 cannot tell them apart).
/// </summary>
public static class ProtoValues
{
    /// <summary>Request bytes as the engine expects them: null when empty.</summary>
    public static byte[]? Bytes(ByteString value) => value.IsEmpty ? null : value.ToByteArray();

    /// <summary>Response bytes, wrapped without a copy.</summary>
    public static ByteString Bytes(byte[]? value) =>
        value is null || value.Length == 0 ? ByteString.Empty : UnsafeByteOperations.UnsafeWrap(value);

    /// <summary>etcd always sets the header (Go clients dereference it), so a missing one becomes an empty header.</summary>
    public static Wire.ResponseHeader Header(ResponseHeader? header) => header is null
        ? new Wire.ResponseHeader()
        : new Wire.ResponseHeader
        {
            ClusterId = header.ClusterId,
            MemberId = header.MemberId,
            Revision = header.Revision,
            RaftTerm = header.RaftTerm,
        };

    public static WireKv.KeyValue KeyValue(KeyValue kv) => new()
    {
        Key = Bytes(kv.Key),
        CreateRevision = kv.CreateRevision,
        ModRevision = kv.ModRevision,
        Version = kv.Version,
        Value = Bytes(kv.Value),
        Lease = kv.Lease,
    };

    public static WireKv.Event Event(Event change)
    {
        var result = new WireKv.Event
        {
            Type = change.Type == EventType.Delete ? WireKv.Event.Types.EventType.Delete : WireKv.Event.Types.EventType.Put,
        };
        if (change.Kv is { } kv)
        {
            result.Kv = KeyValue(kv);
        }

        if (change.PrevKv is { } prev)
        {
            result.PrevKv = KeyValue(prev);
        }

        return result;
    }

    /// <summary>Adds every key-value of <paramref name="source"/> (null = none).</summary>
    public static void AddAll(Google.Protobuf.Collections.RepeatedField<WireKv.KeyValue> target, List<KeyValue>? source)
    {
        if (source is null)
        {
            return;
        }

        foreach (KeyValue kv in source)
        {
            target.Add(KeyValue(kv));
        }
    }
}
