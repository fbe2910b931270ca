using System.CommandLine;
using Engine.Protocol;

namespace Engine.Api.Cli.Client;

/// <summary>
/// The global flags of the client commands (etcdctl's <c>--endpoints</c>, <c>-w/--write-out</c>,
/// <c>--command-timeout</c>) and what an action needs: a client, the output writers, the error path
/// (message on stderr as <c>Error: …</c>, exit code 1).
/// </summary>
public sealed class ClientContext
{
    public const int FailureExitCode = 1;

    private ClientContext(ParseResult parse, ClientFlags flags)
    {
        Out = parse.InvocationConfiguration.Output;
        Err = parse.InvocationConfiguration.Error;
        Endpoints = parse.GetValue(flags.Endpoints)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        WriteOut = parse.GetValue(flags.WriteOut)!;
        Client = new GatewayClient(Endpoints.Length > 0 ? Endpoints[0] : "127.0.0.1:2379", TimeSpan.FromSeconds(parse.GetValue(flags.Timeout)));
    }

    public TextWriter Out { get; }

    public TextWriter Err { get; }

    public string[] Endpoints { get; }

    /// <summary>simple, json or table.</summary>
    public string WriteOut { get; }

    public GatewayClient Client { get; }

    public bool Json => WriteOut == "json";

    /// <summary>Adds the global flags to <paramref name="command"/> and wires <paramref name="action"/>.</summary>
    public static void Wire(Command command, Func<ClientContext, ParseResult, CancellationToken, Task<int>> action)
    {
        var flags = new ClientFlags();
        command.Options.Add(flags.Endpoints);
        command.Options.Add(flags.WriteOut);
        command.Options.Add(flags.Timeout);
        command.SetAction(async (parse, cancel) =>
        {
            var context = new ClientContext(parse, flags);
            using (context.Client)
            {
                if (context.WriteOut is not ("simple" or "json" or "table"))
                {
                    return context.Fail($"unsupported output format '{context.WriteOut}' (simple, json or table)");
                }

                return await action(context, parse, cancel);
            }
        });
    }

    /// <summary>Prints <c>Error: message</c> on stderr and returns the failure exit code.</summary>
    public int Fail(string message)
    {
        Err.WriteLine($"Error: {message}");
        return FailureExitCode;
    }

    public int Fail(EtcdError error) => Fail(error.Message);

    private sealed class ClientFlags
    {
        public Option<string> Endpoints { get; } = new("--endpoints")
        {
            Description = "gRPC-gateway endpoints (host:port, comma separated).",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("ENGINE_ENDPOINTS") ?? "127.0.0.1:2379",
        };

        public Option<string> WriteOut { get; } = new("--write-out", "-w")
        {
            Description = "Output format: simple, json or table.",
            DefaultValueFactory = _ => "simple",
        };

        public Option<int> Timeout { get; } = new("--command-timeout")
        {
            Description = "Timeout of one request, in seconds.",
            DefaultValueFactory = _ => 5,
        };
    }
}
