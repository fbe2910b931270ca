namespace Engine.Protocol;

/// <summary>
/// Who is calling, as the front end saw it: the auth token (gateway <c>Authorization</c> header, gRPC
/// <c>token</c>/<c>authorization</c> metadata) and/or the common name of a verified TLS client certificate.
/// The front end sets it for the duration of one service call (<see cref="Use"/>), as etcd carries them in
/// the call's context; the server resolves it to a user when authentication is on (a token wins over the
/// certificate, etcd's rule). Never logged.
/// </summary>
public sealed class RequestCredentials
{
    private static readonly AsyncLocal<RequestCredentials?> Ambient = new();

    public RequestCredentials(string? token, string? clientCertificateCommonName)
    {
        Token = string.IsNullOrEmpty(token) ? null : token;
        ClientCertificateCommonName = string.IsNullOrEmpty(clientCertificateCommonName) ? null : clientCertificateCommonName;
    }

    /// <summary>The token as sent (a leading <c>Bearer </c> is ignored by the server, as etcd).</summary>
    public string? Token { get; }

    /// <summary>The CN of a client certificate the TLS layer verified; null without one.</summary>
    public string? ClientCertificateCommonName { get; }

    /// <summary>The credentials of the call in progress on this async flow (null: none given).</summary>
    public static RequestCredentials? Current => Ambient.Value;

    /// <summary>Makes <paramref name="credentials"/> current until the returned scope is disposed.</summary>
    public static IDisposable Use(RequestCredentials? credentials)
    {
        var previous = Ambient.Value;
        Ambient.Value = credentials;
        return new Scope(previous);
    }

    private sealed class Scope(RequestCredentials? previous) : IDisposable
    {
        public void Dispose() => Ambient.Value = previous;
    }
}
