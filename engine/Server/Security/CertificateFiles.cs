using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Engine.Server.Security;

/// <summary>
/// A certificate and its key read from PEM files, re-read when either file changes (etcd reloads the files on
/// every handshake): each new connection asks <see cref="Current"/>, which compares the files' modification
/// time and length with the loaded ones. A rotation caught half-written keeps the previous pair until the
/// files agree again. Only paths ever appear in messages, never key material.
/// </summary>
public sealed class CertificateFiles
{
    private readonly string _certFile;
    private readonly string _keyFile;
    private readonly Action<string>? _log;
    private readonly object _gate = new();
    private Loaded _current;

    private CertificateFiles(string certFile, string keyFile, Action<string>? log, Loaded loaded)
    {
        _certFile = certFile;
        _keyFile = keyFile;
        _log = log;
        _current = loaded;
    }

    /// <summary>Loads the pair now; throws <see cref="TlsConfigurationException"/> naming the flags when it is unusable.</summary>
    public static CertificateFiles Load(string certFile, string keyFile, string flags, Action<string>? log = null)
    {
        try
        {
            return new CertificateFiles(certFile, keyFile, log, Read(certFile, keyFile));
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw new TlsConfigurationException($"cannot load the TLS certificate and key ({flags}: {certFile}, {keyFile}): {Describe(error)}", error);
        }
    }

    /// <summary>The pair as the files hold it now (reloaded when they changed since the last call).</summary>
    public X509Certificate2 Certificate => Current().Certificate;

    /// <summary>The pair with its chain, for <see cref="SslStream"/>.</summary>
    public SslStreamCertificateContext Context => Current().Context;

    private Loaded Current()
    {
        var stamp = Stamp.Of(_certFile, _keyFile);
        lock (_gate)
        {
            if (stamp is null || stamp == _current.Stamp)
            {
                return _current;
            }

            try
            {
                _current = Read(_certFile, _keyFile);
                _log?.Invoke($"reloaded the TLS certificate {_certFile} (subject {_current.Certificate.Subject}, expires {_current.Certificate.NotAfter:O})");
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
            {
                _log?.Invoke($"cannot reload the TLS certificate {_certFile} with its key file {_keyFile}; serving the previous one: {Describe(error)}");
            }

            return _current;
        }
    }

    private static Loaded Read(string certFile, string keyFile)
    {
        var stamp = Stamp.Of(certFile, keyFile);
        var certificate = X509Certificate2.CreateFromPemFile(certFile, keyFile);
        if (!certificate.HasPrivateKey)
        {
            throw new CryptographicException("the key file holds no private key for the certificate");
        }

        var chain = new X509Certificate2Collection();
        chain.ImportFromPemFile(certFile);
        var intermediates = new X509Certificate2Collection();
        foreach (var extra in chain.Skip(1))
        {
            intermediates.Add(extra);
        }

        var context = SslStreamCertificateContext.Create(certificate, intermediates, offline: true);
        return new Loaded(stamp ?? default, certificate, context);
    }

    private static string Describe(Exception error) => error switch
    {
        FileNotFoundException or DirectoryNotFoundException => "file not found",
        UnauthorizedAccessException => "permission denied",
        ArgumentException { ParamName: "privateKey" } => "the key does not match the certificate",
        CryptographicException => $"no usable PEM certificate and private key ({error.Message})",
        _ => error.Message,
    };

    private sealed record Loaded(Stamp Stamp, X509Certificate2 Certificate, SslStreamCertificateContext Context);

    /// <summary>What identifies one version of the two files.</summary>
    private readonly record struct Stamp(DateTime CertTime, long CertLength, DateTime KeyTime, long KeyLength)
    {
        public static Stamp? Of(string certFile, string keyFile)
        {
            var cert = new FileInfo(certFile);
            var key = new FileInfo(keyFile);
            return cert.Exists && key.Exists ? new Stamp(cert.LastWriteTimeUtc, cert.Length, key.LastWriteTimeUtc, key.Length) : null;
        }
    }
}
