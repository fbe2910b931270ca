using System.CommandLine;
using System.CommandLine.Help;
using System.Text;

namespace Engine.Api.Cli.Client;

/// <summary>
/// A command's help in etcdctl's layout (etcdctl/ctlv3/help.go): NAME, USAGE, COMMANDS, OPTIONS and GLOBAL
/// OPTIONS, columns aligned with tabs as Go's tabwriter does (tab width 8, padding 1).
/// </summary>
public static class Usage
{
    public static void Write(Command command, TextWriter output)
    {
        var lines = new List<string> { "NAME:", $"\t{PathOf(command)} - {command.Description}", "", "USAGE:", $"\t{UseLine(command)}" };
        if (command.Subcommands.Count > 0)
        {
            lines.AddRange(["", "API VERSION:", "\t3.4", "", "", "COMMANDS:"]);
            lines.AddRange(Flatten(command).Select(c => $"\t{PathOf(c)[(PathOf(command).Length + (command is RootCommand ? 0 : 1))..].TrimStart()}\t{c.Description}"));
        }

        List<Option> local = [.. command.Options.Where(o => o is not HelpOption and not VersionOption && !IsGlobal(command, o))];
        lines.AddRange(["", "OPTIONS:"]);
        lines.AddRange(FlagLines([.. local, new HelpOption()], command));
        if (command is not RootCommand && IsClient(command))
        {
            lines.AddRange(["", "GLOBAL OPTIONS:"]);
            lines.AddRange(FlagLines(new GlobalFlags().All, command));
        }

        lines.Add("");
        output.Write(Tabs(lines));
        output.Flush();
    }

    private static bool IsClient(Command command)
    {
        for (Command? c = command; c is not null; c = c.Parents.OfType<Command>().FirstOrDefault())
        {
            if (c.Name is "serve" or "tool")
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsGlobal(Command command, Option option) => IsClient(command) && GlobalFlags.Names.Contains(option.Name);

    private static IEnumerable<Command> Flatten(Command command) =>
        command.Subcommands.OrderBy(c => c.Name, StringComparer.Ordinal).SelectMany(c => (IEnumerable<Command>)[c, .. Flatten(c)])
            .Where(c => c.Action is not null);

    private static string PathOf(Command command)
    {
        var names = new List<string>();
        for (Command? c = command; c is not null and not RootCommand; c = c.Parents.OfType<Command>().FirstOrDefault())
        {
            names.Insert(0, c.Name);
        }

        return names.Count == 0 ? "engine" : string.Join(" ", names);
    }

    private static string UseLine(Command command)
    {
        string path = command is RootCommand ? "engine" : "engine " + PathOf(command);
        if (command.Subcommands.Count > 0)
        {
            return $"{path} <subcommand> [flags]";
        }

        string arguments = string.Join(" ", command.Arguments.Select(a => a.HelpName ?? a.Name).Where(n => n.Length > 0));
        return $"{path}{(arguments.Length > 0 ? " " + arguments : "")} [flags]";
    }

    private static IEnumerable<string> FlagLines(IEnumerable<Option> options, Command command)
    {
        foreach (Option option in options.OrderBy(o => o.Name.TrimStart('-'), StringComparer.Ordinal))
        {
            string? shorthand = option.Aliases.FirstOrDefault(a => a.Length == 2);
            string name = option is HelpOption ? "--help" : option.Name;
            string head = shorthand is null ? $"      {name}" : $"  {shorthand}, {name}";
            string value = DefaultOf(option, command);
            string description = option is HelpOption ? $"help for {command.Name}" : option.Description ?? "";
            yield return $"{head}{value}\t{description}";
        }
    }

    private static string DefaultOf(Option option, Command command)
    {
        if (option is HelpOption)
        {
            return "[=false]";
        }

        object? value = option.HasDefaultValue ? option.GetDefaultValue() : null;
        return value switch
        {
            bool flag => $"[={(flag ? "true" : "false")}]",
            string text when GlobalFlags.Durations.Contains(option.Name) || option.Name == "--endpoints" => option.Name == "--endpoints" ? $"=[{text}]" : $"={text}",
            string text => $"=\"{text}\"",
            null when option.ValueType == typeof(bool) => "[=false]",
            null when option.ValueType == typeof(string) => "=\"\"",
            null => "=0",
            _ => $"={value}",
        };
    }

    /// <summary>Go's text/tabwriter with minwidth 1, tabwidth 8, padding 1 and tab padding over blocks of tabbed lines.</summary>
    public static string Tabs(IReadOnlyList<string> lines)
    {
        var text = new StringBuilder();
        int i = 0;
        while (i < lines.Count)
        {
            int end = i;
            while (end < lines.Count && lines[end].Contains('\t'))
            {
                end++;
            }

            if (end == i)
            {
                text.Append(lines[i]).Append('\n');
                i++;
                continue;
            }

            List<string[]> block = [.. lines.Skip(i).Take(end - i).Select(l => l.Split('\t'))];
            int columns = block.Max(cells => cells.Length - 1);
            var widths = new int[columns];
            for (int c = 0; c < columns; c++)
            {
                int width = block.Where(cells => cells.Length - 1 > c).Select(cells => cells[c].Length).DefaultIfEmpty(0).Max() + 1;
                widths[c] = (width + 7) / 8 * 8;
            }

            foreach (string[] cells in block)
            {
                for (int c = 0; c < cells.Length - 1; c++)
                {
                    text.Append(cells[c]).Append('\t', Math.Max(1, (widths[c] - cells[c].Length + 7) / 8));
                }

                text.Append(cells[^1]).Append('\n');
            }

            i = end;
        }

        return text.ToString();
    }
}
