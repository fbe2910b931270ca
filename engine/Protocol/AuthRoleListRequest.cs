namespace Engine.Protocol;

/// <summary>Lists the roles (etcdserverpb.AuthRoleListRequest).</summary>
public sealed class AuthRoleListRequest
{
}
