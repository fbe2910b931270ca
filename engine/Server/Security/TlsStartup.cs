using Engine.Membership;

namespace Engine.Server.Security;

/// <summary>
/// Start-up checks that keep TLS fail-closed, as etcd's config validation: an <c>https://</c> URL needs a
/// certificate (or auto-tls), peer URLs all use one scheme (an <c>http://</c> peer URL next to <c>https://</c>
/// ones would be served or dialled in plaintext), the version/cipher flags parse, and every file given can be
/// loaded (the key matches the certificate). Auto-tls material is generated here, before the member starts.
/// </summary>
public static class TlsStartup
{
    /// <summary>True when any of the comma-separated <paramref name="urls"/> is <c>https://</c>.</summary>
    public static bool AnyHttps(string urls) => Split(urls).Any(IsHttps);

    /// <summary>The first flag combination that cannot be served safely, or null. Touches no file.</summary>
    public static string? Check(ServerOptions options)
    {
        foreach (var (settings, prefix) in new[] { (options.ClientTls, ""), (options.PeerTls, "peer-") })
        {
            if ((settings.CertFile.Length > 0) != (settings.KeyFile.Length > 0))
            {
                return $"--{prefix}cert-file and --{prefix}key-file must be given together";
            }

            if (TlsProtocolPolicy.Validate(settings) is string versionError)
            {
                return versionError;
            }
        }

        if (Split(options.ListenClientUrls).FirstOrDefault(IsHttps) is string clientUrl && !options.ClientTls.HasCertificate && !options.ClientTls.AutoTls)
        {
            return $"TLS key/cert (--cert-file, --key-file) must be provided for client url {clientUrl} with HTTPS scheme (or set --auto-tls)";
        }

        if (options.PeerTls.AllowedCn.Length > 0 && options.PeerTls.AllowedHostname.Length > 0)
        {
            return "--peer-cert-allowed-cn and --peer-cert-allowed-hostname are mutually exclusive";
        }

        var peerUrls = PeerUrls(options);
        if (peerUrls.Any(IsHttps) && peerUrls.FirstOrDefault(url => !IsHttps(url)) is string plain)
        {
            return $"peer URLs mix http:// and https:// ({plain} next to {peerUrls.First(IsHttps)}): every peer URL in --listen-peer-urls, "
                + "--initial-advertise-peer-urls and --initial-cluster must use https when peer TLS is on (no plaintext peer traffic)";
        }

        if (peerUrls.FirstOrDefault(IsHttps) is string peerUrl && !options.PeerTls.HasCertificate && !options.PeerTls.AutoTls)
        {
            return $"TLS key/cert (--peer-cert-file, --peer-key-file) must be provided for peer url {peerUrl} with HTTPS scheme (or set --peer-auto-tls)";
        }

        return null;
    }

    /// <summary>
    /// Generates auto-tls certificates where asked and loads every certificate, key and CA the https URLs need;
    /// returns the first that is unusable, or null. <paramref name="warn"/> gets flags that are ignored.
    /// </summary>
    public static string? Prepare(ServerOptions options, Action<string> warn)
    {
        try
        {
            if (AnyHttps(options.ListenClientUrls))
            {
                PrepareSide(options.ClientTls, options, "", Split(options.ListenClientUrls), warn);
                TlsEndpoint.Create(options.ClientTls, "");
            }
            else if (options.ClientTls.HasCertificate || options.ClientTls.ClientCertAuth || options.ClientTls.TrustedCaFile.Length > 0)
            {
                warn("ignoring client TLS flags (--cert-file, --key-file, --trusted-ca-file, --client-cert-auth): no https:// client URL");
            }

            if (PeerUrls(options).Any(IsHttps))
            {
                PrepareSide(options.PeerTls, options, "peer-", Split(options.ListenPeerUrls), warn);
                TlsEndpoint.Create(options.PeerTls, "peer-");
            }
            else if (options.PeerTls.HasCertificate || options.PeerTls.ClientCertAuth || options.PeerTls.TrustedCaFile.Length > 0)
            {
                warn("ignoring peer TLS flags (--peer-cert-file, --peer-key-file, --peer-trusted-ca-file, --peer-client-cert-auth): no https:// peer URL");
            }

            return null;
        }
        catch (TlsConfigurationException error)
        {
            return error.Message;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return $"cannot write the auto-tls certificate under {options.DataDir}: {error.Message}";
        }
    }

    /// <summary>The peer side's TLS when peer URLs are https (null when plaintext); throws when https has no certificate.</summary>
    public static TlsEndpoint? PeerEndpoint(ServerOptions options, Action<string>? log)
    {
        if (!PeerUrls(options).Any(IsHttps))
        {
            return null;
        }

        if (!options.PeerTls.HasCertificate && options.PeerTls.AutoTls)
        {
            PrepareSide(options.PeerTls, options, "peer-", Split(options.ListenPeerUrls), _ => { });
        }

        return TlsEndpoint.Create(options.PeerTls, "peer-", log);
    }

    private static void PrepareSide(TlsSettings settings, ServerOptions options, string prefix, IEnumerable<string> listenUrls, Action<string> warn)
    {
        if (!settings.AutoTls)
        {
            return;
        }

        if (settings.HasCertificate)
        {
            warn($"ignoring --{prefix}auto-tls: --{prefix}cert-file and --{prefix}key-file are given");
            return;
        }

        string directory = Path.Combine(options.DataDir, "fixtures", prefix.Length == 0 ? "client" : "peer");
        SelfSignedCertificate.CreatePrivateDirectory(options.DataDir);
        var hosts = listenUrls.Select(url => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host : "").Where(h => h.Length > 0);
        (settings.CertFile, settings.KeyFile) = SelfSignedCertificate.Ensure(directory, hosts, forPeers: prefix.Length > 0);
        settings.SelfSigned = true;
    }

    private static List<string> PeerUrls(ServerOptions options)
    {
        var urls = Split(options.ListenPeerUrls).Concat(Split(options.InitialAdvertisePeerUrls)).ToList();
        if (InitialCluster.TryParse(options.EffectiveInitialCluster, out _) is { } cluster)
        {
            urls.AddRange(cluster.Members.SelectMany(m => m.PeerUrls));
        }

        return urls;
    }

    private static bool IsHttps(string url) => url.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    private static string[] Split(string urls) => urls.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
