using System.Security.Cryptography;

namespace Engine.Auth.Tokens;

/// <summary>
/// One JWS algorithm with its key (RS/PS/ES 256|384|512 over RSA or ECDSA keys from PEM, HS 256|384|512 over the
/// raw key file), signing and verifying with System.Security.Cryptography (AOT-clean; no JWT library needed).
/// A signer built from a public key only verifies (<see cref="CanSign"/> false), as etcd's verify-only mode.
/// </summary>
public sealed class JwtSigner
{
    private readonly RSA? _rsa;
    private readonly ECDsa? _ecdsa;
    private readonly byte[]? _hmacKey;
    private readonly HashAlgorithmName _hash;
    private readonly RSASignaturePadding? _padding;

    private JwtSigner(string algorithm, HashAlgorithmName hash, RSA? rsa, RSASignaturePadding? padding, ECDsa? ecdsa, byte[]? hmacKey, bool canSign)
    {
        Algorithm = algorithm;
        _hash = hash;
        _rsa = rsa;
        _padding = padding;
        _ecdsa = ecdsa;
        _hmacKey = hmacKey;
        CanSign = canSign;
    }

    /// <summary>The JWS "alg" name (RS256 …).</summary>
    public string Algorithm { get; }

    public bool CanSign { get; }

    /// <summary>Builds the signer of <paramref name="algorithm"/> from PEM texts (either may be null); throws <see cref="AuthOptionsException"/> with etcd's texts.</summary>
    public static JwtSigner Create(string algorithm, string? publicKeyPem, string? privateKeyPem)
    {
        if (algorithm.Length != 5 || !int.TryParse(algorithm.AsSpan(2), out int bits) || bits is not (256 or 384 or 512))
        {
            throw new AuthOptionsException(AuthOptionsException.InvalidMethod);
        }

        var hash = bits switch { 256 => HashAlgorithmName.SHA256, 384 => HashAlgorithmName.SHA384, _ => HashAlgorithmName.SHA512 };
        return algorithm[..2] switch
        {
            "RS" => CreateRsa(algorithm, hash, RSASignaturePadding.Pkcs1, publicKeyPem, privateKeyPem),
            "PS" => CreateRsa(algorithm, hash, RSASignaturePadding.Pss, publicKeyPem, privateKeyPem),
            "ES" => CreateEcdsa(algorithm, hash, publicKeyPem, privateKeyPem),
            "HS" => privateKeyPem is { Length: > 0 }
                ? new JwtSigner(algorithm, hash, null, null, null, System.Text.Encoding.UTF8.GetBytes(privateKeyPem), true)
                : throw new AuthOptionsException(AuthOptionsException.MissingKey),
            _ => throw new AuthOptionsException(AuthOptionsException.InvalidMethod),
        };
    }

    public byte[] Sign(byte[] data)
    {
        if (_rsa is not null)
        {
            return _rsa.SignData(data, _hash, _padding!);
        }

        if (_ecdsa is not null)
        {
            return _ecdsa.SignData(data, _hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }

        return HMAC(_hmacKey!, data);
    }

    public bool Verify(byte[] data, byte[] signature)
    {
        try
        {
            if (_rsa is not null)
            {
                return _rsa.VerifyData(data, signature, _hash, _padding!);
            }

            if (_ecdsa is not null)
            {
                return _ecdsa.VerifyData(data, signature, _hash, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            }

            return CryptographicOperations.FixedTimeEquals(HMAC(_hmacKey!, data), signature);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private byte[] HMAC(byte[] key, byte[] data) => _hash.Name switch
    {
        "SHA256" => HMACSHA256.HashData(key, data),
        "SHA384" => HMACSHA384.HashData(key, data),
        _ => HMACSHA512.HashData(key, data),
    };

    private static JwtSigner CreateRsa(string algorithm, HashAlgorithmName hash, RSASignaturePadding padding, string? publicPem, string? privatePem)
    {
        var priv = ImportKey(privatePem, RSA.Create);
        var pub = ImportKey(publicPem, RSA.Create);
        if (priv is null && pub is null)
        {
            throw new AuthOptionsException(AuthOptionsException.MissingKey);
        }

        if (priv is not null && pub is not null)
        {
            var a = priv.ExportParameters(false);
            var b = pub.ExportParameters(false);
            if (!a.Modulus.AsSpan().SequenceEqual(b.Modulus) || !a.Exponent.AsSpan().SequenceEqual(b.Exponent))
            {
                throw new AuthOptionsException(AuthOptionsException.KeyMismatch);
            }
        }

        return new JwtSigner(algorithm, hash, priv ?? pub, padding, null, null, priv is not null);
    }

    private static JwtSigner CreateEcdsa(string algorithm, HashAlgorithmName hash, string? publicPem, string? privatePem)
    {
        var priv = ImportKey(privatePem, ECDsa.Create);
        var pub = ImportKey(publicPem, ECDsa.Create);
        if (priv is null && pub is null)
        {
            throw new AuthOptionsException(AuthOptionsException.MissingKey);
        }

        if (priv is not null && pub is not null)
        {
            var a = priv.ExportParameters(false).Q;
            var b = pub.ExportParameters(false).Q;
            if (!a.X.AsSpan().SequenceEqual(b.X) || !a.Y.AsSpan().SequenceEqual(b.Y))
            {
                throw new AuthOptionsException(AuthOptionsException.KeyMismatch);
            }
        }

        return new JwtSigner(algorithm, hash, null, null, priv ?? pub, null, priv is not null);
    }

    private static T? ImportKey<T>(string? pem, Func<T> create)
        where T : AsymmetricAlgorithm
    {
        if (string.IsNullOrWhiteSpace(pem))
        {
            return null;
        }

        var key = create();
        try
        {
            key.ImportFromPem(pem);
            return key;
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new AuthOptionsException($"auth: invalid key data ({e.Message})");
        }
    }
}
