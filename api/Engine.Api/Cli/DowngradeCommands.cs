using System.CommandLine;
using Engine.Api.Cli.Client;
using Engine.Protocol;

namespace Engine.Api.Cli;

/// <summary>
/// etcdctl 3.6's <c>downgrade validate|enable TARGET_VERSION</c> and <c>downgrade cancel</c>
/// (etcdctl/ctlv3/command/downgrade_command.go): one <c>/v3/maintenance/downgrade</c> call each, printing
/// <c>Downgrade … success, cluster version X</c>.
/// </summary>
public static class DowngradeCommands
{
    public static Command Build()
    {
        var downgrade = new Command("downgrade", "Downgrade related commands");
        downgrade.Subcommands.Add(WithTarget("validate", DowngradeAction.Validate, "Validate downgrade capability before starting downgrade"));
        downgrade.Subcommands.Add(WithTarget("enable", DowngradeAction.Enable, "Start a downgrade action to cluster"));
        var cancel = new Command("cancel", "Cancel the ongoing downgrade action to cluster");
        ClientContext.Wire(cancel, "", (ctx, args, parse, token) => CallAsync(ctx, DowngradeAction.Cancel, "", token));
        downgrade.Subcommands.Add(cancel);
        return downgrade;
    }

    private static Command WithTarget(string name, DowngradeAction action, string help)
    {
        var command = new Command(name, help);
        ClientContext.Wire(command, "<TARGET_VERSION>", (ctx, args, parse, token) =>
        {
            if (args.Length < 1)
            {
                return Task.FromResult(ctx.BadArgs("TARGET_VERSION not provided"));
            }

            if (args.Length > 1)
            {
                return Task.FromResult(ctx.BadArgs("too many arguments"));
            }

            return args[0].Length == 0
                ? Task.FromResult(ctx.BadArgs("target version not provided"))
                : CallAsync(ctx, action, args[0], token);
        });
        return command;
    }

    private static async Task<int> CallAsync(ClientContext ctx, DowngradeAction action, string version, CancellationToken cancel)
    {
        if (ctx.CheckClient() is { } bad)
        {
            return bad;
        }

        Outcome<DowngradeResponse> answer = await ctx.CallAsync<DowngradeRequest, DowngradeResponse>(
            "/v3/maintenance/downgrade", new DowngradeRequest { Action = action, Version = version }, cancel);
        if (answer.Error is { } error)
        {
            return ctx.Fail(error);
        }

        string verb = action switch { DowngradeAction.Validate => "validate", DowngradeAction.Enable => "enable", _ => "cancel" };
        ctx.Out.WriteLine($"Downgrade {verb} success, cluster version {answer.Value!.Version}");
        return CtlExit.Success;
    }
}
