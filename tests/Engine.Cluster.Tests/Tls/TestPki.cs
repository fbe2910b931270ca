using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Engine.Cluster.Tests.Tls;

/// <summary>
/// A throw-away certificate authority for TLS tests (System.Security.Cryptography only): a self-signed ECDSA P-256 CA
/// and leaves it signs for servers, clients or peers (both usages), written as PEM files into a directory.
/// </summary>
public sealed class TestPki
{
    private readonly X509Certificate2 _ca;
    private readonly string _directory;
    private int _serial;

    public TestPki(string directory, string name)
    {
        _directory = directory;
        Name = name;
        System.IO.Directory.CreateDirectory(directory);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        _ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-10), DateTimeOffset.UtcNow.AddDays(2));
        CaFile = Path.Combine(directory, $"{name}.crt");
        File.WriteAllText(CaFile, _ca.ExportCertificatePem());
    }

    public string Name { get; }

    /// <summary>The CA certificate (PEM).</summary>
    public string CaFile { get; }

    /// <summary>
    /// Issues a leaf for <paramref name="commonName"/> valid for 127.0.0.1 and localhost, with server and/or client
    /// authentication usage; returns its (cert, key) PEM paths named <paramref name="fileName"/>.
    /// </summary>
    public (string Cert, string Key) Issue(string fileName, string commonName, bool server = true, bool client = true)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        var usages = new OidCollection();
        if (server)
        {
            usages.Add(new Oid("1.3.6.1.5.5.7.3.1"));
        }

        if (client)
        {
            usages.Add(new Oid("1.3.6.1.5.5.7.3.2"));
        }

        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_ca, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        byte[] serial = BitConverter.GetBytes(Interlocked.Increment(ref _serial) + 1000L);
        using var leaf = request.Create(_ca, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), serial);
        string cert = Path.Combine(_directory, $"{fileName}.crt");
        string keyFile = Path.Combine(_directory, $"{fileName}.key");
        File.WriteAllText(cert, leaf.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        return (cert, keyFile);
    }

    /// <summary>An HTTP client for <paramref name="baseUrl"/> trusting only this CA, optionally presenting a client certificate.</summary>
    public HttpClient Client(string baseUrl, (string Cert, string Key)? identity = null, Action<X509Certificate2>? onServerCertificate = null)
    {
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(CaFile);
        var handler = new SocketsHttpHandler();
        if (identity is { } id)
        {
            handler.SslOptions.ClientCertificates = [X509Certificate2.CreateFromPemFile(id.Cert, id.Key)];
        }

        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
        {
            if (certificate is not X509Certificate2 leaf || (errors & System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            {
                return false;
            }

            onServerCertificate?.Invoke(leaf);
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.CustomTrustStore.AddRange(roots);
            return chain.Build(leaf);
        };
        return new HttpClient(handler) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(10) };
    }
}
