using Engine.Protocol;
using Grpc.Core;

namespace Engine.Api.Grpc;

/// <summary>
/// etcd's errors on the gRPC wire: the status code and etcd's exact message (clientv3 and npm etcd3 match
/// on the text, e.g. <c>etcdserver: mvcc: required revision has been compacted</c>), as etcd's togRPCError.
/// </summary>
public static class GrpcErrors
{
    /// <summary>The exception Grpc.AspNetCore turns into the status <paramref name="error"/> describes.</summary>
    public static RpcException ToException(EtcdError error) =>
        new(new Status((StatusCode)(int)error.Code, error.Message));

}
