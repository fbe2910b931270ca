namespace Engine.Protocol;

/// <summary>Asks whether authentication is on and the auth revision (etcdserverpb.AuthStatusRequest, 3.5+).</summary>
public sealed class AuthStatusRequest
{
}
