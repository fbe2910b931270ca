namespace Engine.Auth.Tokens;

/// <summary>A bad <c>--auth-token</c> setting, with etcd's text (e.g. <c>auth: invalid auth options</c>); the member refuses to start.</summary>
public sealed class AuthOptionsException(string message) : Exception(message)
{
    public const string InvalidOptions = "auth: invalid auth options";
    public const string InvalidMethod = "auth: invalid auth signature method";
    public const string MissingKey = "auth: missing key data";
    public const string KeyMismatch = "auth: public and private keys don't match";
}
