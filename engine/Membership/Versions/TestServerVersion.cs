namespace Engine.Membership.Versions;

/// <summary>
/// The test-only server version override: <c>ENGINE_TEST_SERVER_VERSION=3.5.0</c> (environment only,
/// never a flag) makes a member report and act as that server version, so one binary can run a
/// mixed-version cluster. A value that is not a strict semantic version fails the start (fail closed).
/// </summary>
public static class TestServerVersion
{
    /// <summary>The environment variable's name.</summary>
    public const string VariableName = "ENGINE_TEST_SERVER_VERSION";

    /// <summary>
    /// The server version to run as: <paramref name="builtIn"/> when <paramref name="overrideText"/> is
    /// unset or empty, else the override. <paramref name="warning"/> is the loud line to log at start;
    /// <paramref name="error"/> is set (and the start must fail) when the override is malformed.
    /// </summary>
    public static SemanticVersion Resolve(string? overrideText, SemanticVersion builtIn, out string? warning, out string? error)
    {
        warning = null;
        error = null;
        if (string.IsNullOrEmpty(overrideText))
        {
            return builtIn;
        }

        if (!SemanticVersion.TryParse(overrideText.Trim(), out var version))
        {
            error = $"{VariableName}='{overrideText}' is not a server version (expected major.minor.patch, e.g. 3.5.0)";
            return builtIn;
        }

        warning = $"TEST ONLY: {VariableName} is set; this member reports and acts as server version {version} instead of {builtIn}. Never set it in production.";
        return version;
    }

    /// <summary><see cref="Resolve"/> with the value of the process environment.</summary>
    public static SemanticVersion FromEnvironment(SemanticVersion builtIn, out string? warning, out string? error) =>
        Resolve(Environment.GetEnvironmentVariable(VariableName), builtIn, out warning, out error);
}
