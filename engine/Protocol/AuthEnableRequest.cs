namespace Engine.Protocol;

/// <summary>Turns authentication on (etcdserverpb.AuthEnableRequest); needs user root with role root.</summary>
public sealed class AuthEnableRequest
{
}
