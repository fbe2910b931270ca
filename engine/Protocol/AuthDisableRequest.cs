namespace Engine.Protocol;

/// <summary>Turns authentication off (etcdserverpb.AuthDisableRequest).</summary>
public sealed class AuthDisableRequest
{
}
