namespace Engine.Auth.Tokens;

/// <summary>
/// Parses etcd's <c>--auth-token</c> value: <c>simple</c> or <c>jwt,pub-key=PATH,priv-key=PATH,sign-method=RS256,ttl=5m</c>
/// (comma-separated <c>name=value</c> pairs after the type; a malformed or repeated pair is
/// <c>auth: invalid auth options</c>, etcd's decomposeOpts) and builds the token provider.
/// </summary>
public static class AuthTokenOptions
{
    /// <summary>Builds the provider; <paramref name="readKeyFile"/> reads a pub-key/priv-key file (I/O stays with the caller).</summary>
    public static ITokenProvider Create(string spec, TimeSpan simpleTokenTtl, Func<string, string> readKeyFile, TimeProvider clock)
    {
        string[] parts = spec.Split(',');
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string pair in parts.Skip(1))
        {
            string[] kv = pair.Split('=');
            if (kv.Length != 2 || !options.TryAdd(kv[0], kv[1]))
            {
                throw new AuthOptionsException(AuthOptionsException.InvalidOptions);
            }
        }

        return parts[0] switch
        {
            "simple" => new SimpleTokenProvider(simpleTokenTtl, clock),
            "jwt" => CreateJwt(options, readKeyFile, clock),
            _ => throw new AuthOptionsException(AuthOptionsException.InvalidOptions),
        };
    }

    private static JwtTokenProvider CreateJwt(Dictionary<string, string> options, Func<string, string> readKeyFile, TimeProvider clock)
    {
        var ttl = JwtTokenProvider.DefaultTtl;
        if (options.TryGetValue("ttl", out string? ttlText) && ttlText.Length > 0 && !GoDuration.TryParse(ttlText, out ttl))
        {
            throw new AuthOptionsException(AuthOptionsException.InvalidOptions);
        }

        string? publicPem = options.TryGetValue("pub-key", out string? pubPath) && pubPath.Length > 0 ? ReadKey(readKeyFile, pubPath) : null;
        string? privatePem = options.TryGetValue("priv-key", out string? privPath) && privPath.Length > 0 ? ReadKey(readKeyFile, privPath) : null;
        var signer = JwtSigner.Create(options.GetValueOrDefault("sign-method") ?? "", publicPem, privatePem);
        return new JwtTokenProvider(signer, ttl, clock);
    }

    private static string ReadKey(Func<string, string> readKeyFile, string path)
    {
        try
        {
            return readKeyFile(path);
        }
        catch (IOException e)
        {
            throw new AuthOptionsException($"auth: cannot read key file {path}: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new AuthOptionsException($"auth: cannot read key file {path}: {e.Message}");
        }
    }
}
