namespace Engine.Protocol;

/// <summary>Lists the users (etcdserverpb.AuthUserListRequest).</summary>
public sealed class AuthUserListRequest
{
}
