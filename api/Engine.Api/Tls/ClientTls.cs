using Engine.Server;
using Engine.Server.Security;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Engine.Api.Tls;

/// <summary>
/// TLS on the client port: every https:// listener (<see cref="Http.ClientListeners"/>) serves the
/// certificate of <c>--cert-file</c>/<c>--key-file</c> (or auto-tls), re-read when the files change, for the next
/// handshake; requires and verifies client certificates against <c>--trusted-ca-file</c> when asked; applies the
/// version and cipher flags. ALPN offers h2 and http/1.1, so the JSON gateway and gRPC share the TLS port.
/// </summary>
public static class ClientTls
{
    /// <summary>The settings of the https:// client listeners, or null when every client URL is http://; throws when unusable.</summary>
    public static HttpsConnectionAdapterOptions? For(ServerOptions options)
    {
        if (!TlsStartup.AnyHttps(options.ListenClientUrls))
        {
            return null;
        }

        var endpoint = TlsEndpoint.Create(options.ClientTls, "", text => TlsLog.Write("info", text));
        var https = new HttpsConnectionAdapterOptions();
        Apply(https, endpoint);
        return https;
    }

    /// <summary>The settings of one https listener.</summary>
    public static void Apply(HttpsConnectionAdapterOptions https, TlsEndpoint endpoint)
    {
        https.ServerCertificateSelector = (_, _) => endpoint.Certificate.Certificate;
        https.SslProtocols = endpoint.Protocols;
        https.CheckCertificateRevocation = false;
        https.ClientCertificateMode = endpoint.Settings.RequiresClientCertificate ? ClientCertificateMode.RequireCertificate : ClientCertificateMode.NoCertificate;
        https.ClientCertificateValidation = (certificate, chain, errors) => endpoint.AcceptsClient(certificate, chain, errors);
        https.OnAuthenticate = (_, ssl) =>
        {
            ssl.ServerCertificateContext = endpoint.Certificate.Context;
            ssl.ServerCertificateSelectionCallback = null;
            ssl.ServerCertificate = null;
            if (endpoint.Ciphers is { } ciphers)
            {
                ssl.CipherSuitesPolicy = ciphers;
            }
        };
    }
}
