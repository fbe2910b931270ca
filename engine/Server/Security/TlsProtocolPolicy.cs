using System.Net.Security;
using System.Security.Authentication;

namespace Engine.Server.Security;

/// <summary>
/// <c>--tls-min-version</c>, <c>--tls-max-version</c> and <c>--cipher-suites</c> as etcd reads them: versions TLS1.2
/// and TLS1.3 (min defaults to TLS1.2, max to the highest), min above max is an error, cipher suites are Go/IANA names
/// that only restrict TLS 1.2 (TLS 1.3's suites are fixed) and cannot be given when only TLS 1.3 is enabled.
/// </summary>
public static class TlsProtocolPolicy
{
    private static readonly TlsCipherSuite[] Tls13Suites =
    [
        TlsCipherSuite.TLS_AES_128_GCM_SHA256, TlsCipherSuite.TLS_AES_256_GCM_SHA384, TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256,
    ];

    /// <summary>The first problem with the version and cipher flags, or null.</summary>
    public static string? Validate(TlsSettings settings)
    {
        if (Version(settings.MinVersion, "--tls-min-version") is { Error: { } minError })
        {
            return minError;
        }

        if (settings.MaxVersion.Length > 0 && Version(settings.MaxVersion, "--tls-max-version") is { Error: { } maxError })
        {
            return maxError;
        }

        var (min, _) = Version(settings.MinVersion, "");
        var (max, _) = settings.MaxVersion.Length > 0 ? Version(settings.MaxVersion, "") : (SslProtocols.Tls13, null);
        if (min > max)
        {
            return $"--tls-min-version {settings.MinVersion} is greater than --tls-max-version {settings.MaxVersion}";
        }

        if (settings.CipherSuites.Length == 0)
        {
            return null;
        }

        if (min == SslProtocols.Tls13)
        {
            return "cipher suites cannot be configured when only TLS1.3 is enabled";
        }

        foreach (string name in Names(settings.CipherSuites))
        {
            if (!TryParseSuite(name, out _))
            {
                return $"unknown cipher suite '{name}' in --cipher-suites";
            }
        }

        return null;
    }

    /// <summary>The enabled protocol versions (flags already validated).</summary>
    public static SslProtocols Protocols(TlsSettings settings)
    {
        var min = Version(settings.MinVersion, "").Protocol;
        var max = settings.MaxVersion.Length > 0 ? Version(settings.MaxVersion, "").Protocol : SslProtocols.Tls13;
        return min == max ? min : SslProtocols.Tls12 | SslProtocols.Tls13;
    }

    /// <summary>The cipher suite policy, or null for the platform's defaults (no <c>--cipher-suites</c>).</summary>
    public static CipherSuitesPolicy? Ciphers(TlsSettings settings)
    {
        if (settings.CipherSuites.Length == 0)
        {
            return null;
        }

        if (OperatingSystem.IsWindows())
        {
            throw new TlsConfigurationException("--cipher-suites is not supported on Windows");
        }

        var suites = new List<TlsCipherSuite>(Tls13Suites);
        foreach (string name in Names(settings.CipherSuites))
        {
            if (TryParseSuite(name, out var suite))
            {
                suites.Add(suite);
            }
        }

        return new CipherSuitesPolicy(suites);
    }

    private static (SslProtocols Protocol, string? Error) Version(string value, string flag) => value switch
    {
        "TLS1.2" => (SslProtocols.Tls12, null),
        "TLS1.3" => (SslProtocols.Tls13, null),
        _ => (SslProtocols.None, $"unknown TLS version '{value}' for {flag}: expected TLS1.2 or TLS1.3"),
    };

    private static IEnumerable<string> Names(string list) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>IANA names as .NET spells them; Go's ChaCha20 names omit the trailing <c>_SHA256</c>.</summary>
    private static bool TryParseSuite(string name, out TlsCipherSuite suite)
    {
        string iana = name.EndsWith("_CHACHA20_POLY1305", StringComparison.Ordinal) ? name + "_SHA256" : name;
        return Enum.TryParse(iana, ignoreCase: false, out suite) && iana.StartsWith("TLS_", StringComparison.Ordinal)
            && !Tls13Suites.Contains(suite);
    }
}
