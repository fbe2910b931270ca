using System.CommandLine;
using System.Globalization;

namespace Engine.Api.Cli;

/// <summary>
/// Builds options whose default comes from an <c>ENGINE_*</c> environment variable (named after the
/// flag: <c>--data-dir</c> reads <c>ENGINE_DATA_DIR</c>) and then from a built-in default.
/// </summary>
public static class EnvOption
{
    public static string EnvironmentName(string flag) =>
        "ENGINE_" + flag.TrimStart('-').Replace('-', '_').ToUpperInvariant();

    public static Option<string> String(string flag, string fallback, string description)
    {
        string env = EnvironmentName(flag);
        return new Option<string>(flag)
        {
            Description = $"{description} [env {env}]",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable(env) ?? fallback,
        };
    }

    public static Option<long> Int64(string flag, long fallback, string description)
    {
        string env = EnvironmentName(flag);
        return new Option<long>(flag)
        {
            Description = $"{description} [env {env}]",
            DefaultValueFactory = result =>
            {
                string? raw = Environment.GetEnvironmentVariable(env);
                if (raw is null)
                {
                    return fallback;
                }

                if (!long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value))
                {
                    result.AddError($"invalid value '{raw}' for {env}: expected an integer");
                }

                return value;
            },
        };
    }

    /// <summary>A switch (<c>--auto-tls</c> or <c>--auto-tls=true|false</c>); the variable takes true/false/1/0.</summary>
    public static Option<bool> Bool(string flag, string description)
    {
        string env = EnvironmentName(flag);
        return new Option<bool>(flag)
        {
            Description = $"{description} [env {env}]",
            DefaultValueFactory = result =>
            {
                string? raw = Environment.GetEnvironmentVariable(env);
                if (raw is null)
                {
                    return false;
                }

                switch (raw.Trim().ToLowerInvariant())
                {
                    case "1" or "true":
                        return true;
                    case "0" or "false":
                        return false;
                }

                result.AddError($"invalid value '{raw}' for {env}: expected true or false");
                return false;
            },
        };
    }
}
