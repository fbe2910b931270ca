using System.Text.Json;
using Engine.Membership.Versions;
using Engine.Server.Bootstrap;
using Engine.Server.Maintenance;
using Engine.Server.Observability;

namespace Engine.Server.Cluster;

/// <summary>
/// The server version this member reports and acts as: <see cref="BuildInfo.ServerVersion"/>, unless the
/// test-only <c>ENGINE_TEST_SERVER_VERSION</c> environment variable (or, in-process tests only,
/// <see cref="ServerOptions.TestServerVersion"/>) says otherwise; the override is logged as a warning.
/// </summary>
internal static class LocalServerVersion
{
    public static SemanticVersion Resolve(ServerOptions options)
    {
        var builtIn = SemanticVersion.Parse(BuildInfo.ServerVersion);
        var version = options.TestServerVersion is { } inProcess
            ? TestServerVersion.Resolve(inProcess, builtIn, out string? warning, out string? error)
            : TestServerVersion.FromEnvironment(builtIn, out warning, out error);
        if (error is not null)
        {
            throw new ServerStartRefusedException(error);
        }

        if (warning is not null)
        {
            Console.Error.WriteLine($"{{\"level\":\"warn\",\"msg\":{JsonSerializer.Serialize(warning, ServerJsonContext.Default.String)},\"server-version\":\"{version}\"}}");
        }

        return version;
    }
}
