using System.CommandLine;
using System.Text;
using System.Text.RegularExpressions;
using Engine.Api.Cli.Client;
using Engine.Api.Json;
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
        var interactive = new Option<bool>("--interactive", "-i") { Description = "Input transaction in interactive mode (prompts)." };
        var command = new Command("txn", "Txn processes all the requests in one transaction.") { interactive };
        ClientContext.Wire(command, async (ctx, parse, cancel) =>
        {
            bool prompts = parse.GetValue(interactive) || !Console.IsInputRedirected;
            TextReader input = Console.In;
            Outcome<TxnRequest> txn = Read(input, prompts ? ctx.Out : null);
            if (txn.Error is { } bad)
            {
                return ctx.Fail(bad);
            }

            Outcome<TxnResponse> answer = await ctx.Client.CallAsync<TxnRequest, TxnResponse>("/v3/kv/txn", txn.Value!, cancel);
            if (answer.Error is { } error)
            {
                return ctx.Fail(error);
            }

            Print(ctx, answer.Value!);
            return 0;
        });
        return command;
    }

    /// <summary>Parses etcdctl's txn text; <paramref name="prompts"/> receives the prompts when interactive.</summary>
    public static Outcome<TxnRequest> Read(TextReader input, TextWriter? prompts)
    {
        var txn = new TxnRequest { Compare = [], Success = [], Failure = [] };
        prompts?.WriteLine("compares:");
        foreach (string line in Block(input))
        {
            if (ParseCompare(line) is not { } compare)
            {
                return Invalid($"malformed comparison: {line}");
            }

            txn.Compare.Add(compare);
        }

        prompts?.WriteLine("\nsuccess requests (get, put, del):");
        foreach (string line in Block(input))
        {
            if (ParseOp(line) is not { } op)
            {
                return Invalid($"malformed request: {line}");
            }

            txn.Success.Add(op);
        }

        prompts?.WriteLine("\nfailure requests (get, put, del):");
        foreach (string line in Block(input))
        {
            if (ParseOp(line) is not { } op)
            {
                return Invalid($"malformed request: {line}");
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

    private static void Print(ClientContext ctx, TxnResponse txn)
    {
        if (ctx.Json)
        {
            ctx.Out.WriteLine(GatewayJson.ToJson(txn));
            return;
        }

        ctx.Out.WriteLine(txn.Succeeded ? "SUCCESS" : "FAILURE");
        foreach (ResponseOp op in txn.Responses ?? [])
        {
            ctx.Out.WriteLine();
            if (op.ResponsePut is not null)
            {
                ctx.Out.WriteLine("OK");
            }
            else if (op.ResponseDeleteRange is { } delete)
            {
                ctx.Out.WriteLine(delete.Deleted);
            }
            else if (op.ResponseRange is { } range)
            {
                KvCommands.PrintRange(ctx, range, false, false, false);
            }
        }
    }

    private static IEnumerable<string> Block(TextReader input)
    {
        while (input.ReadLine() is { } line && line.Trim().Length > 0)
        {
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
