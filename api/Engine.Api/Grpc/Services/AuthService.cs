using Grpc.Core;
using Wire = Engine.Api.Grpc.Etcdserverpb;

namespace Engine.Api.Grpc.Services;

/// <summary>
/// etcdserverpb.Auth is registered so its paths exist, but Engine has no auth store yet: every method
/// answers Unimplemented (the generated base's behaviour), which etcdctl reports as such.
/// </summary>
public sealed class AuthService : Wire.Auth.AuthBase
{
}
