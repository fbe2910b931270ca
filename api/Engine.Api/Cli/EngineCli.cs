using System.CommandLine;

namespace Engine.Api.Cli;

/// <summary>
/// The `engine` command line: `engine serve` plus the client and offline-tool commands.
/// Parse errors print one line on stderr and exit with code 2.
/// </summary>
public static class EngineCli
{
    public const int UsageErrorExitCode = 2;

    public static RootCommand Build()
    {
        var root = new RootCommand("Engine: an etcd-compatible, replicated, strongly consistent key-value store.");
        root.Subcommands.Add(ServeCommand.Build());
        ClientCommands.AddTo(root);
        root.Subcommands.Add(ToolCommand.Build());
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var root = Build();
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            Console.Error.WriteLine($"engine: {parse.Errors[0].Message} (see 'engine --help')");
            return UsageErrorExitCode;
        }

        return await parse.InvokeAsync();
    }
}
