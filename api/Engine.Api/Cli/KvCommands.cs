using System.CommandLine;
using System.Globalization;
using Engine.Api.Cli.Client;
using Engine.Protocol;

namespace Engine.Api.Cli;

/// <summary>
/// etcdctl's key-value commands over the JSON gateway: <c>put</c>, <c>get</c>, <c>del</c>, <c>compaction</c>,
/// with etcdctl's argument checks and messages (etcdctl/ctlv3/command/*_command.go). Keys and values are bytes:
/// taken from the raw command line (<see cref="RawArgs"/>) or, for put's value, from stdin.
/// </summary>
public static class KvCommands
{
    public static Command Put()
    {
        var lease = new Option<string>("--lease") { Description = "lease ID (in hexadecimal) to attach to the key", DefaultValueFactory = _ => "0" };
        var prevKv = new Option<bool>("--prev-kv") { Description = "return the previous key-value pair before modification" };
        var ignoreValue = new Option<bool>("--ignore-value") { Description = "updates the key using its current value" };
        var ignoreLease = new Option<bool>("--ignore-lease") { Description = "updates the key using its current lease" };
        var command = new Command("put", "Puts the given key into the store") { lease, prevKv, ignoreValue, ignoreLease };
        ClientContext.Wire(command, "[options] <key> <value> (<value> can also be given from stdin)", async (ctx, args, parse, cancel) =>
        {
            const string usage = "put command needs 1 argument and input from stdin or 2 arguments";
            if (args.Length == 0)
            {
                return ctx.BadArgs(usage);
            }

            bool keepValue = parse.GetValue(ignoreValue);
            if (keepValue && args.Length > 1)
            {
                return ctx.BadArgs("put command needs only 1 argument when 'ignore-value' is set");
            }

            byte[] value = [];
            if (!keepValue)
            {
                if (args.Length > 1)
                {
                    value = RawArgs.Bytes(args[1]);
                }
                else if ((value = await ReadStdinAsync(cancel)).Length == 0)
                {
                    return ctx.BadArgs(usage);
                }
            }

            if (ParseHex(parse.GetValue(lease)!) is not { } leaseId)
            {
                return ctx.BadArgs($"bad lease ID ({HexError(parse.GetValue(lease)!)}), expecting ID in Hex");
            }

            if (ctx.CheckClient() is { } bad)
            {
                return bad;
            }

            var request = new PutRequest
            {
                Key = RawArgs.Bytes(args[0]), Value = value, Lease = leaseId, PrevKv = parse.GetValue(prevKv),
                IgnoreValue = keepValue, IgnoreLease = parse.GetValue(ignoreLease),
            };
            Outcome<PutResponse> answer = await ctx.CallAsync<PutRequest, PutResponse>("/v3/kv/put", request, cancel);
            return answer.Error is { } error ? ctx.Fail(error) : ctx.Print.Put(answer.Value!);
        });
        return command;
    }

    public static Command Get()
    {
        var consistency = new Option<string>("--consistency") { Description = "Linearizable(l) or Serializable(s)", DefaultValueFactory = _ => "l" };
        var order = new Option<string>("--order") { Description = "Order of results; ASCEND or DESCEND (ASCEND by default)", DefaultValueFactory = _ => "" };
        var sortBy = new Option<string>("--sort-by") { Description = "Sort target; CREATE, KEY, MODIFY, VALUE, or VERSION", DefaultValueFactory = _ => "" };
        var limit = new Option<long>("--limit") { Description = "Maximum number of results" };
        var prefix = new Option<bool>("--prefix") { Description = "Get keys with matching prefix" };
        var fromKey = new Option<bool>("--from-key") { Description = "Get keys that are greater than or equal to the given key using byte compare" };
        var rev = new Option<long>("--rev") { Description = "Specify the kv revision" };
        var keysOnly = new Option<bool>("--keys-only") { Description = "Get only the keys" };
        var countOnly = new Option<bool>("--count-only") { Description = "Get only the count" };
        var valueOnly = new Option<bool>("--print-value-only") { Description = "Only write values when using the \"simple\" output format" };
        var command = new Command("get", "Gets the key or a range of keys") { consistency, order, sortBy, limit, prefix, fromKey, rev, keysOnly, countOnly, valueOnly };
        ClientContext.Wire(command, "[options] <key> [range_end]", async (ctx, args, parse, cancel) =>
        {
            if (args.Length == 0)
            {
                return ctx.BadArgs("get command needs one argument as key and an optional argument as range_end");
            }

            bool isPrefix = parse.GetValue(prefix), isFromKey = parse.GetValue(fromKey);
            if (Range(ctx, args, isPrefix, isFromKey) is not { } range)
            {
                return CtlExit.BadArgs;
            }

            var request = new RangeRequest
            {
                Key = range.Key, RangeEnd = range.End, Limit = parse.GetValue(limit), Revision = Math.Max(0, parse.GetValue(rev)),
                KeysOnly = parse.GetValue(keysOnly), CountOnly = parse.GetValue(countOnly),
            };
            switch (parse.GetValue(consistency))
            {
                case "s": request.Serializable = true; break;
                case "l": break;
                default: return ctx.Fail($"unknown consistency flag \"{parse.GetValue(consistency)}\"", CtlExit.BadFeature);
            }

            if (SortOptions(parse.GetValue(sortBy)!, parse.GetValue(order)!, request) is { } badSort)
            {
                return ctx.Fail(badSort, CtlExit.BadFeature);
            }

            if (ctx.CheckClient() is { } bad)
            {
                return bad;
            }

            Outcome<RangeResponse> answer = await ctx.CallAsync<RangeRequest, RangeResponse>("/v3/kv/range", request, cancel);
            if (answer.Error is { } error)
            {
                return ctx.Fail(error);
            }

            if (parse.GetValue(valueOnly) && ctx.WriteOut != "simple")
            {
                return ctx.BadArgs("print-value-only is only for `--write-out=simple`");
            }

            if (request.CountOnly && ctx.WriteOut == "simple")
            {
                ctx.Out.WriteLine(answer.Value!.Count);
                return CtlExit.Success;
            }

            return ctx.Print.Get(answer.Value!, parse.GetValue(valueOnly));
        });
        return command;
    }

    public static Command Del()
    {
        var prefix = new Option<bool>("--prefix") { Description = "delete keys with matching prefix" };
        var prevKv = new Option<bool>("--prev-kv") { Description = "return deleted key-value pairs" };
        var fromKey = new Option<bool>("--from-key") { Description = "delete keys that are greater than or equal to the given key using byte compare" };
        var command = new Command("del", "Removes the specified key or range of keys [key, range_end)") { prefix, prevKv, fromKey };
        ClientContext.Wire(command, "[options] <key> [range_end]", async (ctx, args, parse, cancel) =>
        {
            if (args.Length == 0)
            {
                return ctx.BadArgs("del command needs one argument as key and an optional argument as range_end");
            }

            if (Range(ctx, args, parse.GetValue(prefix), parse.GetValue(fromKey)) is not { } range)
            {
                return CtlExit.BadArgs;
            }

            if (ctx.CheckClient() is { } bad)
            {
                return bad;
            }

            var request = new DeleteRangeRequest { Key = range.Key, RangeEnd = range.End, PrevKv = parse.GetValue(prevKv) };
            Outcome<DeleteRangeResponse> answer = await ctx.CallAsync<DeleteRangeRequest, DeleteRangeResponse>("/v3/kv/deleterange", request, cancel);
            return answer.Error is { } error ? ctx.Fail(error) : ctx.Print.Del(answer.Value!);
        });
        return command;
    }

    public static Command Compaction()
    {
        var physical = new Option<bool>("--physical") { Description = "'true' to wait for compaction to physically remove all old revisions" };
        var command = new Command("compaction", "Compacts the event history in etcd") { physical };
        ClientContext.Wire(command, "[options] <revision>", async (ctx, args, parse, cancel) =>
        {
            if (args.Length != 1)
            {
                return ctx.BadArgs("compaction command needs 1 argument");
            }

            if (!long.TryParse(args[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long revision))
            {
                return ctx.Fail($"strconv.ParseInt: parsing \"{args[0]}\": invalid syntax");
            }

            if (ctx.CheckClient() is { } bad)
            {
                return bad;
            }

            var request = new CompactionRequest { Revision = revision, Physical = parse.GetValue(physical) };
            Outcome<CompactionResponse> answer = await ctx.CallAsync<CompactionRequest, CompactionResponse>("/v3/kv/compaction", request, cancel);
            if (answer.Error is { } error)
            {
                return ctx.Fail(error);
            }

            ctx.Out.WriteLine($"compacted revision {revision}");
            return CtlExit.Success;
        });
        return command;
    }

    /// <summary>
    /// The key range of get/del/watch from the arguments and <c>--prefix</c>/<c>--from-key</c> as etcdctl builds it
    /// (an empty key with <c>--prefix</c> means every key); null after printing the usage error.
    /// </summary>
    public static (byte[] Key, byte[]? End)? Range(ClientContext ctx, string[] args, bool prefix, bool fromKey)
    {
        if (prefix && fromKey)
        {
            ctx.BadArgs("`--prefix` and `--from-key` cannot be set at the same time, choose one");
            return null;
        }

        if (args.Length > 1 && (prefix || fromKey))
        {
            ctx.BadArgs("too many arguments, only accept one argument when `--prefix` or `--from-key` is set");
            return null;
        }

        byte[] key = RawArgs.Bytes(args[0]);
        if (args.Length > 1)
        {
            return (key, RawArgs.Bytes(args[1]));
        }

        if (prefix)
        {
            return key.Length == 0 ? ([0], [0]) : (key, Text.PrefixEnd(key));
        }

        if (fromKey)
        {
            return (key.Length == 0 ? [0] : key, [0]);
        }

        return (key, null);
    }

    /// <summary>Go's strconv.ParseInt(text, 16, 64).</summary>
    public static long? ParseHex(string text) =>
        long.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out long id) && !text.StartsWith('-') ? id
        : text.StartsWith('-') && long.TryParse(text[1..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out long negative) ? -negative
        : null;

    public static bool TryHex(string text, out long id)
    {
        long? parsed = ParseHex(text);
        id = parsed ?? 0;
        return parsed is not null;
    }

    /// <summary>Go's error text for a hex id strconv.ParseInt refuses.</summary>
    public static string HexError(string text) => text.Length > 0 && text.TrimStart('-').All(Uri.IsHexDigit)
        ? $"strconv.ParseInt: parsing \"{text}\": value out of range"
        : $"strconv.ParseInt: parsing \"{text}\": invalid syntax";

    private static async Task<byte[]> ReadStdinAsync(CancellationToken cancel)
    {
        using var buffer = new MemoryStream();
        await using Stream stdin = Console.OpenStandardInput();
        await stdin.CopyToAsync(buffer, cancel);
        return buffer.ToArray();
    }

    private static string? SortOptions(string sortBy, string order, RangeRequest request)
    {
        switch (order.ToUpperInvariant())
        {
            case "": break;
            case "ASCEND": request.SortOrder = SortOrder.Ascend; break;
            case "DESCEND": request.SortOrder = SortOrder.Descend; break;
            default: return $"bad sort order {order}";
        }

        switch (sortBy.ToUpperInvariant())
        {
            case "" or "KEY": request.SortTarget = SortTarget.Key; break;
            case "CREATE": request.SortTarget = SortTarget.Create; break;
            case "MODIFY": request.SortTarget = SortTarget.Mod; break;
            case "VALUE": request.SortTarget = SortTarget.Value; break;
            case "VERSION": request.SortTarget = SortTarget.Version; break;
            default: return $"bad sort target {sortBy}";
        }

        if (request.SortTarget != SortTarget.Key && request.SortOrder == SortOrder.None)
        {
            request.SortOrder = SortOrder.Ascend;
        }

        return null;
    }
}
