using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Engine.Server.Security;

/// <summary>
/// The CA bundle of <c>--trusted-ca-file</c>/<c>--peer-trusted-ca-file</c> (loaded once at start, as etcd does): a remote
/// certificate is trusted when it chains to one of these roots alone (the operating system's store is not consulted),
/// with the extended key usage its role needs (client or server authentication) when it names any.
/// </summary>
public sealed class TrustedCa
{
    /// <summary>id-kp-serverAuth.</summary>
    public static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");

    /// <summary>id-kp-clientAuth.</summary>
    public static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");

    private readonly X509Certificate2Collection _roots;

    private TrustedCa(X509Certificate2Collection roots) => _roots = roots;

    public static TrustedCa Load(string file, string flag)
    {
        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPemFile(file);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new TlsConfigurationException($"cannot read {flag} {file}: {(error is FileNotFoundException ? "file not found" : error.Message)}", error);
        }

        if (roots.Count == 0)
        {
            throw new TlsConfigurationException($"{flag} {file} holds no PEM certificate");
        }

        return new TrustedCa(roots);
    }

    /// <summary>True when <paramref name="leaf"/> chains to a trusted root (intermediates taken from <paramref name="presented"/>).</summary>
    public bool Verifies(X509Certificate2 leaf, X509Chain? presented, Oid purpose)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.AddRange(_roots);
        chain.ChainPolicy.ApplicationPolicy.Add(purpose);
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements.Skip(1))
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return chain.Build(leaf);
    }

    /// <summary>The raw CN attribute of the subject ("" when there is none; no fallback to other attributes, as Go's).</summary>
    public static string CommonName(X509Certificate2 certificate)
    {
        foreach (var name in certificate.SubjectName.EnumerateRelativeDistinguishedNames())
        {
            if (name.GetSingleElementType().Value == "2.5.4.3")
            {
                return name.GetSingleElementValue() ?? "";
            }
        }

        return "";
    }
}
