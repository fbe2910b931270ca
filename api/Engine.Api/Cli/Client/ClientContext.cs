using System.CommandLine;
using System.Text;
using Engine.Api.Cli.Output;
using Engine.Protocol;

namespace Engine.Api.Cli.Client;

/// <summary>
/// What a client command's action needs: the global flags read (<see cref="GlobalFlags"/>), the endpoints with
/// failover (a call that cannot reach one endpoint goes to the next, as etcd's client balancer does), the
/// output (text and raw bytes, so keys and values print unchanged) and the error path (<c>Error: …</c> on
/// stderr with etcdctl's exit code).
/// </summary>
public sealed class ClientContext : IDisposable
{
    public const int FailureExitCode = CtlExit.Error;

    private readonly Dictionary<string, GatewayClient> _clients = new(StringComparer.Ordinal);
    private readonly Stream? _stdout;
    private int _preferred;

    private ClientContext(ParseResult parse, GlobalFlags flags)
    {
        TextWriter configured = parse.InvocationConfiguration.Output;
        if (ReferenceEquals(configured, Console.Out))
        {
            _stdout = Console.OpenStandardOutput();
            Out = new StreamWriter(_stdout, new UTF8Encoding(false), 1 << 16) { AutoFlush = false };
        }
        else
        {
            Out = configured;
        }

        Err = parse.InvocationConfiguration.Error;
        Endpoints = [.. parse.GetValue(flags.Endpoints)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        WriteOut = parse.GetValue(flags.WriteOut)!;
        IsHex = parse.GetValue(flags.Hex);
        Debug = parse.GetValue(flags.Debug);
        Transport = new TransportSettings(
            Duration(parse.GetValue(flags.DialTimeout)!), Duration(parse.GetValue(flags.CommandTimeout)!),
            Duration(parse.GetValue(flags.KeepAliveTime)!), Duration(parse.GetValue(flags.KeepAliveTimeout)!),
            parse.GetValue(flags.CaCert)!, parse.GetValue(flags.Cert)!, parse.GetValue(flags.Key)!, parse.GetValue(flags.InsecureSkipTlsVerify));
        Print = new Printer(this);
    }

    public TextWriter Out { get; }

    public TextWriter Err { get; }

    public string[] Endpoints { get; private set; }

    /// <summary>simple, json, table, fields or protobuf.</summary>
    public string WriteOut { get; }

    public bool IsHex { get; }

    public bool Debug { get; }

    public TransportSettings Transport { get; }

    public Printer Print { get; }

    public bool Json => WriteOut == "json";

    /// <summary>The client of the endpoint calls go to first (the last one that answered).</summary>
    public GatewayClient Client => For(Endpoints.Length > 0 ? Endpoints[_preferred % Endpoints.Length] : "127.0.0.1:2379");

    /// <summary>The client of one endpoint (for commands that act on each endpoint).</summary>
    public GatewayClient For(string endpoint)
    {
        if (!_clients.TryGetValue(endpoint, out GatewayClient? client))
        {
            client = new GatewayClient(endpoint, Transport);
            _clients[endpoint] = client;
        }

        return client;
    }

    /// <summary>Replaces the endpoints (<c>--cluster</c>: every member's client URLs).</summary>
    public void UseEndpoints(IEnumerable<string> endpoints) => Endpoints = [.. endpoints];

    /// <summary>A unary call that fails over: an unreachable endpoint hands the call to the next one.</summary>
    public async Task<Outcome<TResponse>> CallAsync<TRequest, TResponse>(string path, TRequest request, CancellationToken cancel)
        where TResponse : class, new()
    {
        var unreachable = new List<string>();
        int count = Math.Max(1, Endpoints.Length);
        for (int attempt = 0; attempt < count; attempt++)
        {
            int index = (_preferred + attempt) % count;
            GatewayClient client = Endpoints.Length == 0 ? Client : For(Endpoints[index]);
            Outcome<TResponse> answer = await client.CallAsync<TRequest, TResponse>(path, request, cancel);
            if (answer.Error is { Code: GrpcCode.Unavailable } down)
            {
                unreachable.Add(down.Message);
                DebugLine($"{client.Endpoint}: {down.Message}; trying the next endpoint");
                continue;
            }

            _preferred = index;
            return answer;
        }

        return new EtcdError(GrpcCode.DeadlineExceeded, $"context deadline exceeded (no endpoint reachable: {string.Join("; ", unreachable)})");
    }

    /// <summary>Adds the global flags and the positional arguments (named <paramref name="use"/> in the help) and wires <paramref name="action"/>.</summary>
    public static void Wire(Command command, string use, Func<ClientContext, string[], ParseResult, CancellationToken, Task<int>> action)
    {
        var flags = new GlobalFlags();
        flags.AddTo(command);
        var arguments = new Argument<string[]>("args") { Arity = ArgumentArity.ZeroOrMore, HelpName = use };
        command.Arguments.Add(arguments);
        command.SetAction(async (parse, cancel) =>
        {
            using var context = new ClientContext(parse, flags);
            try
            {
                return await action(context, parse.GetValue(arguments) ?? [], parse, cancel);
            }
            finally
            {
                context.Out.Flush();
            }
        });
    }

    /// <summary>The checks etcdctl makes when it builds its client: output format and transport flags.</summary>
    public int? CheckClient()
    {
        if (WriteOut is not ("simple" or "json" or "table" or "fields" or "protobuf"))
        {
            return Fail("unsupported output format", CtlExit.BadFeature);
        }

        if (ClientTransport.Check(Endpoints, Transport) is { } problem)
        {
            return Fail(problem, CtlExit.BadArgs);
        }

        return null;
    }

    /// <summary>Prints <c>Error: message</c> on stderr and returns <paramref name="code"/>.</summary>
    public int Fail(string message, int code = CtlExit.Error)
    {
        Out.Flush();
        Err.WriteLine($"Error: {message}");
        return code;
    }

    /// <summary>A server or transport error: etcdctl exits 1 for both.</summary>
    public int Fail(EtcdError error) => Fail(error.Message);

    /// <summary>A usage error of the command's arguments (etcdctl's ExitBadArgs, 128).</summary>
    public int BadArgs(string message) => Fail(message, CtlExit.BadArgs);

    /// <summary>Writes raw bytes and a newline to stdout (decoded as UTF-8 when stdout is not the process's).</summary>
    public void WriteBytesLine(ReadOnlySpan<byte> bytes)
    {
        if (_stdout is null)
        {
            Out.WriteLine(Encoding.UTF8.GetString(bytes));
            return;
        }

        Out.Flush();
        _stdout.Write(bytes);
        _stdout.WriteByte((byte)'\n');
    }

    /// <summary>A line on stderr when <c>--debug</c> is set.</summary>
    public void DebugLine(string text)
    {
        if (Debug)
        {
            Err.WriteLine(text);
        }
    }

    public void Dispose()
    {
        foreach (GatewayClient client in _clients.Values)
        {
            client.Dispose();
        }

        Out.Flush();
    }

    private static TimeSpan Duration(string text) => GoDuration.TryParse(text, out TimeSpan value) ? value : TimeSpan.FromSeconds(5);
}
