using System.CommandLine;
using System.Text;
using System.Text.RegularExpressions;
using Engine.Api.Cli.Client;
using Engine.Protocol;

namespace Engine.Api.Cli;

/// <summary>
/// etcdctl's <c>txn</c>: reads compares, then success ops, then failure ops (each block ends with an
/// empty line) from stdin, with prompts when stdin is a terminal (<c>-i</c>). Compares look like
/// <c>mod("key") &gt; "0"</c> or <c>value("key") = "v"</c>; ops are <c>put k v</c>, <c>get k [end]</c>,
/// <c>del k [end]</c> (with <c>--prefix</c>).
/// </summary>
public static partial class TxnCommand
{
    public static Command Build()
    {
        var interactive = new Option<bool>("--interactive", "-i") { Description = "Input transaction in interactive mode" };
        var command = new Command("txn", "Txn processes all the requests in one transaction") { interactive };
        ClientContext.Wire(command, "[options]", async (ctx, args, parse, cancel) =>
        {
            if (args.Length != 0)
            {
                return ctx.BadArgs("txn command does not accept argument");
            }

            if (ctx.CheckClient() is { } bad)
            {
                return bad;
            }

            Outcome<TxnRequest> txn = Read(Console.In, parse.GetValue(interactive) ? ctx.Out : null);
            if (txn.Error is { } invalid)
            {
                return ctx.Fail(invalid.Message, CtlExit.InvalidInput);
            }

            Outcome<TxnResponse> answer = await ctx.CallAsync<TxnRequest, TxnResponse>("/v3/kv/txn", txn.Value!, cancel);
            return answer.Error is { } error ? ctx.Fail(error) : ctx.Print.Txn(answer.Value!);
        });
        return command;
    }

    /// <summary>Parses etcdctl's txn text; <paramref name="prompts"/> receives the prompts when interactive.</summary>
    public static Outcome<TxnRequest> Read(TextReader input, TextWriter? prompts)
    {
        var txn = new TxnRequest { Compare = [], Success = [], Failure = [] };
        prompts?.WriteLine("compares:");
        prompts?.Flush();
        foreach (string? line in Block(input))
        {
            if (line is null)
            {
                return Invalid("EOF");
            }

            if (ParseCompare(line) is not { } compare)
            {
                return Invalid($"malformed comparison: {line}");
            }

            txn.Compare.Add(compare);
        }

        prompts?.WriteLine("success requests (get, put, del):");
        prompts?.Flush();
        foreach (string? line in Block(input))
        {
            if (line is null)
            {
                return Invalid("EOF");
            }

            if (ParseOp(line) is not { } op)
            {
                return Invalid($"invalid txn request: {line}");
            }

            txn.Success.Add(op);
        }

        prompts?.WriteLine("failure requests (get, put, del):");
        prompts?.Flush();
        foreach (string? line in Block(input))
        {
            if (line is null)
            {
                return Invalid("EOF");
            }

            if (ParseOp(line) is not { } op)
            {
                return Invalid($"invalid txn request: {line}");
            }

            txn.Failure.Add(op);
        }

        return txn;
    }

    public static Compare? ParseCompare(string line)
    {
        Match match = CompareSyntax().Match(line);
        if (!match.Success)
        {
            return null;
        }

        var compare = new Compare { Key = Text.Bytes(Unquote(match.Groups["key"].Value)) };
        compare.Result = match.Groups["op"].Value switch
        {
            "=" or "==" => CompareResult.Equal,
            "!=" => CompareResult.NotEqual,
            "<" => CompareResult.Less,
            _ => CompareResult.Greater,
        };
        string operand = Unquote(match.Groups["value"].Value);
        string target = match.Groups["target"].Value.ToLowerInvariant();
        if (target == "value" || target == "val")
        {
            compare.Target = CompareTarget.Value;
            compare.Value = Text.Bytes(operand);
            return compare;
        }

        if (!long.TryParse(operand, out long number))
        {
            return null;
        }

        switch (target)
        {
            case "mod" or "m": compare.Target = CompareTarget.Mod; compare.ModRevision = number; break;
            case "create" or "c": compare.Target = CompareTarget.Create; compare.CreateRevision = number; break;
            case "version" or "ver": compare.Target = CompareTarget.Version; compare.Version = number; break;
            case "lease": compare.Target = CompareTarget.Lease; compare.Lease = number; break;
            default: return null;
        }

        return compare;
    }

    public static RequestOp? ParseOp(string line)
    {
        List<string> words = Split(line);
        bool prefix = words.Remove("--prefix");
        if (words.Count < 2)
        {
            return null;
        }

        byte[] key = Text.Bytes(words[1]);
        byte[]? end = prefix ? Text.PrefixEnd(key) : words.Count > 2 ? Text.Bytes(words[2]) : null;
        return words[0].ToLowerInvariant() switch
        {
            "put" when words.Count == 3 => new RequestOp { RequestPut = new PutRequest { Key = key, Value = Text.Bytes(words[2]) } },
            "get" => new RequestOp { RequestRange = new RangeRequest { Key = key, RangeEnd = end } },
            "del" or "delete" => new RequestOp { RequestDeleteRange = new DeleteRangeRequest { Key = key, RangeEnd = end } },
            _ => null,
        };
    }

    /// <summary>The lines up to an empty one; a null line means the input ended first (etcdctl's "EOF").</summary>
    private static IEnumerable<string?> Block(TextReader input)
    {
        while (true)
        {
            string? line = input.ReadLine();
            if (line is null)
            {
                yield return null;
                yield break;
            }

            if (line.Trim().Length == 0)
            {
                yield break;
            }

            yield return line.Trim();
        }
    }

    private static List<string> Split(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        bool quoted = false;
        bool any = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (c == '\\' && quoted && i + 1 < line.Length)
            {
                word.Append(line[++i]);
            }
            else if (c == '"')
            {
                quoted = !quoted;
                any = true;
            }
            else if (char.IsWhiteSpace(c) && !quoted)
            {
                if (word.Length > 0 || any)
                {
                    words.Add(word.ToString());
                }

                word.Clear();
                any = false;
            }
            else
            {
                word.Append(c);
            }
        }

        if (word.Length > 0 || any)
        {
            words.Add(word.ToString());
        }

        return words;
    }

    private static string Unquote(string text) => Regex.Unescape(text);

    private static EtcdError Invalid(string message) => new(GrpcCode.InvalidArgument, message);

    [GeneratedRegex("""^\s*(?<target>\w+)\s*\(\s*"(?<key>(?:[^"\\]|\\.)*)"\s*\)\s*(?<op>==|=|!=|<|>)\s*"?(?<value>(?:[^"\\]|\\.)*?)"?\s*$""")]
    private static partial Regex CompareSyntax();
}
