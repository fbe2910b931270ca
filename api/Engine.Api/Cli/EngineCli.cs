using System.CommandLine;
using Engine.Api.Cli.Client;

namespace Engine.Api.Cli;

/// <summary>
/// The `engine` command line: `engine serve` plus the client and offline-tool commands. The command line is
/// first read as etcdctl reads it (<see cref="FlagCheck"/>: unknown flags and commands refused with etcdctl's
/// words and exit code before anything runs), then bound by System.CommandLine. An unexpected failure prints
/// one line and exits 1; its stack trace only with <c>--debug</c>.
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

    public static Task<int> RunAsync(string[] args) => RunAsync(args, Console.Out, Console.Error);

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancel = default)
    {
        RawArgs.Capture(args);
        var root = Build();
        FlagCheck.Result checkedArgs = FlagCheck.Run(root, args, output, error);
        if (checkedArgs.Tokens is not { } tokens)
        {
            return checkedArgs.ExitCode;
        }

        var parse = root.Parse(tokens);
        if (parse.Errors.Count > 0)
        {
            bool server = tokens.Length > 0 && tokens[0] is "serve" or "tool";
            error.WriteLine(server ? $"engine: {parse.Errors[0].Message} (see 'engine {tokens[0]} --help')" : $"Error: {parse.Errors[0].Message}");
            return server ? UsageErrorExitCode : CtlExit.Error;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }, cancel);
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            error.WriteLine($"Error: {Describe(failure)}");
            if (args.Contains("--debug"))
            {
                error.WriteLine(failure.ToString());
            }

            return CtlExit.Error;
        }
    }

    /// <summary>One line for an unexpected failure: its message and those of its causes.</summary>
    public static string Describe(Exception failure)
    {
        var parts = new List<string>();
        for (Exception? e = failure; e is not null; e = e.InnerException)
        {
            if (!string.IsNullOrWhiteSpace(e.Message) && !parts.Contains(e.Message))
            {
                parts.Add(e.Message.ReplaceLineEndings(" ").Trim());
            }
        }

        return parts.Count == 0 ? failure.GetType().Name : string.Join(": ", parts);
    }
}
