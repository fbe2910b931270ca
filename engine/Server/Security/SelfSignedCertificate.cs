using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Engine.Server.Security;

/// <summary>
/// <c>--auto-tls</c>/<c>--peer-auto-tls</c> as etcd's SelfCert: <c>&lt;data-dir&gt;/fixtures/client</c> (or <c>peer</c>)
/// <c>/cert.pem</c> and <c>key.pem</c>, reused when both exist, else a new ECDSA P-521 certificate, self-signed, subject
/// <c>O=etcd</c>, the listen URLs' hosts as SANs, valid one year. Directories are created 0700 and both files 0600.
/// </summary>
public static class SelfSignedCertificate
{
    private const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Makes sure the pair exists in <paramref name="directory"/>; returns its (cert, key) paths.</summary>
    public static (string CertFile, string KeyFile) Ensure(string directory, IEnumerable<string> hosts, bool forPeers)
    {
        string certFile = Path.GetFullPath(Path.Combine(directory, "cert.pem"));
        string keyFile = Path.GetFullPath(Path.Combine(directory, "key.pem"));
        if (File.Exists(certFile) && File.Exists(keyFile))
        {
            return (certFile, keyFile);
        }

        CreatePrivateDirectory(directory);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP521);
        var request = new CertificateRequest("O=etcd", key, HashAlgorithmName.SHA512);
        var names = new SubjectAlternativeNameBuilder();
        foreach (string host in hosts.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (IPAddress.TryParse(host.Trim('[', ']'), out var address))
            {
                names.AddIpAddress(address);
            }
            else
            {
                names.AddDnsName(host);
            }
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        var usages = new OidCollection { TrustedCa.ServerAuth };
        if (forPeers)
        {
            usages.Add(TrustedCa.ClientAuth);
        }

        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, critical: false));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(1));
        WritePrivate(keyFile, key.ExportPkcs8PrivateKeyPem());
        WritePrivate(certFile, certificate.ExportCertificatePem());
        return (certFile, keyFile);
    }

    /// <summary>Creates <paramref name="directory"/> (and missing parents) with mode 0700.</summary>
    public static void CreatePrivateDirectory(string directory)
    {
        string full = Path.GetFullPath(directory);
        var missing = new Stack<string>();
        for (string? dir = full; dir is not null && !Directory.Exists(dir); dir = Path.GetDirectoryName(dir))
        {
            missing.Push(dir);
        }

        while (missing.TryPop(out string? dir))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(dir);
            }
            else
            {
                Directory.CreateDirectory(dir, PrivateDirectory);
            }
        }
    }

    private static void WritePrivate(string path, string text)
    {
        string temp = path + ".tmp";
        File.Delete(temp);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = PrivateFile;
        }

        using (var file = new FileStream(temp, options))
        {
            file.Write(System.Text.Encoding.ASCII.GetBytes(text));
            file.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }
}
