using Engine.Api.Cli;
using Engine.Server.Bootstrap;

StartupTrace.Mark("main entered (runtime ready)");

// The host's file watcher for appsettings.json would otherwise watch the working directory recursively
// (one inotify watch per sub-directory): tens of ms at start-up from a source tree, for a file we never read.
if (Environment.GetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange") is null)
{
    Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
}

return await EngineCli.RunAsync(args);
