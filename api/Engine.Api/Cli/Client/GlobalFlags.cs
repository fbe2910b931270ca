using System.CommandLine;

namespace Engine.Api.Cli.Client;

/// <summary>
/// etcdctl's global flags (etcdctl/ctlv3/ctl.go), each defaulting to its <c>ETCDCTL_*</c> environment variable
/// (<c>--dial-timeout</c> reads <c>ETCDCTL_DIAL_TIMEOUT</c>). A fresh set is added to every client command; they
/// may also be given before the command name (<see cref="FlagCheck"/> moves them behind it).
/// <c>--cacert --cert --key --insecure-skip-tls-verify</c> are accepted and validated; the transport uses them
/// once TLS lands in <see cref="ClientTransport"/>.
/// </summary>
public sealed class GlobalFlags
{
    /// <summary>The flags whose values are Go durations.</summary>
    public static readonly HashSet<string> Durations = ["--dial-timeout", "--command-timeout", "--keepalive-time", "--keepalive-timeout"];

    public Option<string> Endpoints { get; } = Text("--endpoints", "127.0.0.1:2379", "gRPC endpoints");

    public Option<bool> Debug { get; } = Bool("--debug", false, "enable client-side debug logging");

    public Option<string> WriteOut { get; } = Text("--write-out", "simple", "set the output format (fields, json, protobuf, simple, table)", "-w");

    public Option<bool> Hex { get; } = Bool("--hex", false, "print byte strings as hex encoded strings");

    public Option<string> DialTimeout { get; } = Text("--dial-timeout", "2s", "dial timeout for client connections");

    public Option<string> CommandTimeout { get; } = Text("--command-timeout", "5s", "timeout for short running command (excluding dial timeout)");

    public Option<string> KeepAliveTime { get; } = Text("--keepalive-time", "2s", "keepalive time for client connections");

    public Option<string> KeepAliveTimeout { get; } = Text("--keepalive-timeout", "6s", "keepalive timeout for client connections");

    public Option<bool> InsecureTransport { get; } = Bool("--insecure-transport", true, "disable transport security for client connections");

    public Option<bool> InsecureDiscovery { get; } = Bool("--insecure-discovery", true, "accept insecure SRV records describing cluster endpoints");

    public Option<bool> InsecureSkipTlsVerify { get; } = Bool("--insecure-skip-tls-verify", false, "skip server certificate verification (CAUTION: this option should be enabled only for testing purposes)");

    public Option<string> Cert { get; } = Text("--cert", "", "identify secure client using this TLS certificate file");

    public Option<string> Key { get; } = Text("--key", "", "identify secure client using this TLS key file");

    public Option<string> CaCert { get; } = Text("--cacert", "", "verify certificates of TLS-enabled secure servers using this CA bundle");

    public Option<string> User { get; } = Text("--user", "", "username[:password] for authentication (prompt if password is not supplied)");

    public Option<string> Password { get; } = Text("--password", "", "password for authentication (if this option is used, --user option shouldn't include password)");

    public Option<string> DiscoverySrv { get; } = Text("--discovery-srv", "", "domain name to query for SRV records describing cluster endpoints", "-d");

    public Option<string> DiscoverySrvName { get; } = Text("--discovery-srv-name", "", "service name to query when using DNS discovery");

    /// <summary>The names of the global flags.</summary>
    public static readonly HashSet<string> Names = [.. new GlobalFlags().All.Select(o => o.Name)];

    /// <summary>Every global flag, in etcdctl's help order.</summary>
    public IReadOnlyList<Option> All =>
    [
        CaCert, Cert, CommandTimeout, Debug, DialTimeout, DiscoverySrv, DiscoverySrvName, Endpoints, Hex, InsecureDiscovery,
        InsecureSkipTlsVerify, InsecureTransport, KeepAliveTime, KeepAliveTimeout, Key, Password, User, WriteOut,
    ];

    /// <summary>The environment variable etcdctl reads for <paramref name="flag"/>.</summary>
    public static string EnvironmentName(string flag) => "ETCDCTL_" + flag.TrimStart('-').Replace('-', '_').ToUpperInvariant();

    /// <summary>Adds every global flag to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (Option option in All)
        {
            command.Options.Add(option);
        }
    }

    private static Option<string> Text(string name, string fallback, string description, string? alias = null)
    {
        Option<string> option = alias is null ? new(name) : new(name, alias);
        option.Description = description;
        option.DefaultValueFactory = _ => Environment.GetEnvironmentVariable(EnvironmentName(name)) ?? fallback;
        return option;
    }

    private static Option<bool> Bool(string name, bool fallback, string description)
    {
        return new Option<bool>(name)
        {
            Description = description,
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable(EnvironmentName(name)) is { } raw
                ? raw.Equals("true", StringComparison.OrdinalIgnoreCase) || raw == "1" || raw.Equals("t", StringComparison.OrdinalIgnoreCase)
                : fallback,
        };
    }
}
