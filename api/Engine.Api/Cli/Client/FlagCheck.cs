using System.CommandLine;
using System.CommandLine.Help;
using System.Globalization;

namespace Engine.Api.Cli.Client;

/// <summary>
/// Reads the command line the way etcdctl's flag library (cobra/pflag) does before System.CommandLine binds it:
/// a token starting with '-' is always a flag (never a positional argument) unless it follows "--", an unknown
/// or malformed flag stops the command before it runs, subcommands match by unique prefix, global flags may
/// come before the command name, and <c>-h/--help</c> prints the usage. The tokens it hands on are the command
/// path followed by every flag in <c>--name=value</c> form and the positional arguments, in order.
/// </summary>
public static class FlagCheck
{
    /// <summary>The outcome: either tokens to bind, or an exit code after printing.</summary>
    public sealed record Result(string[]? Tokens, int ExitCode);

    public static Result Run(RootCommand root, string[] args, TextWriter output, TextWriter error)
    {
        Command current = root;
        var path = new List<string>();
        var rest = new List<string>();
        bool positionalOnly = false;
        for (int i = 0; i < args.Length; i++)
        {
            string token = args[i];
            if (positionalOnly || token == "-" || !token.StartsWith('-'))
            {
                if (!positionalOnly && current.Subcommands.Count > 0)
                {
                    Command? next = Find(current, token);
                    if (next is null)
                    {
                        return current == root ? UnknownCommand(token, error) : Help(current, output);
                    }

                    current = next;
                    path.Add(next.Name);
                    continue;
                }

                rest.Add(token);
                continue;
            }

            if (token == "--")
            {
                positionalOnly = true;
                rest.Add(token);
                continue;
            }

            if (token is "-h" or "--help")
            {
                return Help(current, output);
            }

            string? problem = token.StartsWith("--", StringComparison.Ordinal)
                ? LongFlag(current, root, args, ref i, rest)
                : ShortFlags(current, root, args, ref i, rest);
            if (problem is not null)
            {
                return FlagError(current, problem, output, error);
            }
        }

        if (current.Subcommands.Count > 0 && current.Action is null)
        {
            return Help(current, output);
        }

        return new Result([.. path, .. rest], 0);
    }

    /// <summary>The options <paramref name="command"/> accepts; the root accepts the global flags.</summary>
    public static IEnumerable<Option> OptionsOf(Command command, RootCommand root)
    {
        IEnumerable<Option> own = command.Options.Where(o => o is not HelpOption and not VersionOption);
        return command == root || (command.Action is null && IsClientGroup(command)) ? own.Concat(new GlobalFlags().All) : own;
    }

    private static bool IsClientGroup(Command command) => ServerSide(command) is null;

    /// <summary>"serve" or "tool" when <paramref name="command"/> is in their subtree, null for client commands.</summary>
    private static string? ServerSide(Command command)
    {
        for (Command? c = command; c is not null; c = c.Parents.OfType<Command>().FirstOrDefault())
        {
            if (c.Name is "serve" or "tool")
            {
                return c.Name;
            }
        }

        return null;
    }

    private static Command? Find(Command parent, string token)
    {
        Command? exact = parent.Subcommands.FirstOrDefault(c => c.Name == token || c.Aliases.Contains(token));
        if (exact is not null)
        {
            return exact;
        }

        Command[] prefixed = [.. parent.Subcommands.Where(c => c.Name.StartsWith(token, StringComparison.Ordinal))];
        return prefixed.Length == 1 ? prefixed[0] : null;
    }

    private static string? LongFlag(Command current, RootCommand root, string[] args, ref int i, List<string> rest)
    {
        string token = args[i];
        int equals = token.IndexOf('=', StringComparison.Ordinal);
        string name = equals < 0 ? token : token[..equals];
        Option? option = OptionsOf(current, root).FirstOrDefault(o => o.Name == name);
        if (option is null)
        {
            return $"unknown flag: {name}";
        }

        string? value = equals < 0 ? null : token[(equals + 1)..];
        if (value is null && option.ValueType != typeof(bool))
        {
            if (i + 1 >= args.Length)
            {
                return $"flag needs an argument: {name}";
            }

            value = args[++i];
        }

        return Accept(option, name, value, rest);
    }

    private static string? ShortFlags(Command current, RootCommand root, string[] args, ref int i, List<string> rest)
    {
        string token = args[i];
        string letters = token[1..];
        for (int j = 0; j < letters.Length; j++)
        {
            string shorthand = "-" + letters[j];
            Option? option = OptionsOf(current, root).FirstOrDefault(o => o.Aliases.Contains(shorthand));
            if (option is null)
            {
                return $"unknown shorthand flag: '{letters[j]}' in {token}";
            }

            string? value = null;
            if (j + 1 < letters.Length && letters[j + 1] == '=')
            {
                value = letters[(j + 2)..];
                j = letters.Length;
            }
            else if (option.ValueType != typeof(bool))
            {
                if (j + 1 < letters.Length)
                {
                    value = letters[(j + 1)..];
                }
                else if (i + 1 < args.Length)
                {
                    value = args[++i];
                }
                else
                {
                    return $"flag needs an argument: '{letters[j]}' in {token}";
                }

                j = letters.Length;
            }

            if (Accept(option, $"{shorthand}, {option.Name}", value, rest) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    private static string? Accept(Option option, string shown, string? value, List<string> rest)
    {
        if (option.ValueType == typeof(bool))
        {
            value ??= "true";
            if (ParseBool(value) is not { } flag)
            {
                return Invalid(value, shown, $"strconv.ParseBool: parsing \"{value}\": invalid syntax");
            }

            rest.Add($"{option.Name}={(flag ? "true" : "false")}");
            return null;
        }

        if (option.ValueType == typeof(long) || option.ValueType == typeof(int))
        {
            if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long number)
                || (option.ValueType == typeof(int) && number is < int.MinValue or > int.MaxValue))
            {
                return Invalid(value!, shown, $"strconv.ParseInt: parsing \"{value}\": invalid syntax");
            }
        }
        else if (GlobalFlags.Durations.Contains(option.Name) && !GoDuration.TryParse(value!, out _))
        {
            return Invalid(value!, shown, GoDuration.Invalid(value!));
        }

        rest.Add($"{option.Name}={value}");
        return null;
    }

    /// <summary>Go's strconv.ParseBool.</summary>
    public static bool? ParseBool(string text) => text switch
    {
        "1" or "t" or "T" or "true" or "TRUE" or "True" => true,
        "0" or "f" or "F" or "false" or "FALSE" or "False" => false,
        _ => null,
    };

    private static string Invalid(string value, string flag, string reason) => $"invalid argument \"{value}\" for \"{flag}\" flag: {reason}";

    private static Result UnknownCommand(string token, TextWriter error)
    {
        error.WriteLine($"Error: unknown command \"{token}\" for \"engine\"");
        error.WriteLine("Run 'engine --help' for usage.");
        error.WriteLine($"Error: unknown command \"{token}\" for \"engine\"");
        return new Result(null, CtlExit.Error);
    }

    private static Result FlagError(Command command, string problem, TextWriter output, TextWriter error)
    {
        if (ServerSide(command) is { } top)
        {
            // serve and tool follow the etcd server's flag handling: one line, exit code 2.
            error.WriteLine($"engine: {problem} (see 'engine {top} --help')");
            return new Result(null, EngineCli.UsageErrorExitCode);
        }

        error.WriteLine($"Error: {problem}");
        Usage.Write(command, output);
        error.WriteLine();
        error.WriteLine($"Error: {problem}");
        return new Result(null, CtlExit.Error);
    }

    private static Result Help(Command command, TextWriter output)
    {
        Usage.Write(command, output);
        return new Result(null, CtlExit.Success);
    }
}
