namespace Engine.Protocol;

/// <summary>
/// An expected failure of a request, as etcd reports it: a gRPC code and etcd's exact message
/// (e.g. <c>etcdserver: mvcc: required revision has been compacted</c>). Results, not exceptions:
/// the api maps them to etcd's error JSON and HTTP status in one place.
/// </summary>
public sealed class EtcdError
{
    public EtcdError(GrpcCode code, string message)
    {
        Code = code;
        Message = message;
    }

    public GrpcCode Code { get; }

    public string Message { get; }

    public override string ToString() => $"{Code}: {Message}";
}
