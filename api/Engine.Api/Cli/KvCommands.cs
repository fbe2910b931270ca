using System.CommandLine;
using Engine.Api.Cli.Client;
using Engine.Api.Json;
using Engine.Protocol;

namespace Engine.Api.Cli;

/// <summary>etcdctl's key-value commands over the JSON gateway: <c>put</c>, <c>get</c>, <c>del</c>, <c>compaction</c>.</summary>
public static class KvCommands
{
    public static Command Put()
    {
        var key = new Argument<string>("key");
        var value = new Argument<string>("value");
        var lease = new Option<string>("--lease") { Description = "Lease ID (hex) to attach the key to.", DefaultValueFactory = _ => "0" };
        var prevKv = new Option<bool>("--prev-kv") { Description = "Return the previous key-value pair." };
        var command = new Command("put", "Puts the given key into the store.") { key, value, lease, prevKv };
        ClientContext.Wire(command, async (ctx, parse, cancel) =>
        {
            if (!TryHex(parse.GetValue(lease)!, out long leaseId))
            {
                return ctx.Fail($"bad lease ID '{parse.GetValue(lease)}' (expected hex)");
            }

            var request = new PutRequest { Key = Text.Bytes(parse.GetValue(key)!), Value = Text.Bytes(parse.GetValue(value)!), Lease = leaseId, PrevKv = parse.GetValue(prevKv) };
            Outcome<PutResponse> answer = await ctx.Client.CallAsync<PutRequest, PutResponse>("/v3/kv/put", request, cancel);
            if (answer.Error is { } error)
            {
                return ctx.Fail(error);
            }

            if (ctx.Json)
            {
                ctx.Out.WriteLine(GatewayJson.ToJson(answer.Value!));
                return 0;
            }

            ctx.Out.WriteLine("OK");
            if (answer.Value!.PrevKv is { } previous)
            {
                ctx.Out.WriteLine(Text.Str(previous.Key));
                ctx.Out.WriteLine(Text.Str(previous.Value));
            }

            return 0;
        });
        return command;
    }

    public static Command Get()
    {
        var key = new Argument<string>("key");
        var rangeEnd = new Argument<string?>("range_end") { Arity = ArgumentArity.ZeroOrOne };
        var prefix = new Option<bool>("--prefix") { Description = "Get keys with matching prefix." };
        var fromKey = new Option<bool>("--from-key") { Description = "Get keys that are greater than or equal to the given key." };
        var rev = new Option<long>("--rev") { Description = "Specify the kv revision." };
        var limit = new Option<long>("--limit") { Description = "Maximum number of results." };
        var keysOnly = new Option<bool>("--keys-only") { Description = "Get only the keys." };
        var countOnly = new Option<bool>("--count-only") { Description = "Get only the count." };
        var valueOnly = new Option<bool>("--print-value-only") { Description = "Only write values when using the simple output format." };
        var sortBy = new Option<string>("--sort-by") { Description = "Sort target: CREATE, KEY, MODIFY, VALUE or VERSION.", DefaultValueFactory = _ => "" };
        var order = new Option<string>("--order") { Description = "Order of results: ASCEND or DESCEND.", DefaultValueFactory = _ => "" };
        var consistency = new Option<string>("--consistency") { Description = "l (linearizable) or s (serializable).", DefaultValueFactory = _ => "l" };
        var command = new Command("get", "Gets the key or a range of keys.") { key, rangeEnd, prefix, fromKey, rev, limit, keysOnly, countOnly, valueOnly, sortBy, order, consistency };
        ClientContext.Wire(command, async (ctx, parse, cancel) =>
        {
            byte[] start = Text.Bytes(parse.GetValue(key)!);
            var request = new RangeRequest
            {
                Key = start,
                Revision = parse.GetValue(rev),
                Limit = parse.GetValue(limit),
                KeysOnly = parse.GetValue(keysOnly),
                CountOnly = parse.GetValue(countOnly),
                Serializable = parse.GetValue(consistency) == "s",
            };
            if (parse.GetValue(prefix))
            {
                request.RangeEnd = Text.PrefixEnd(start);
            }
            else if (parse.GetValue(fromKey))
            {
                request.RangeEnd = [0];
            }
            else if (parse.GetValue(rangeEnd) is { } end)
            {
                request.RangeEnd = Text.Bytes(end);
            }

            if (SortOptions(parse.GetValue(sortBy)!, parse.GetValue(order)!, request) is { } bad)
            {
                return ctx.Fail(bad);
            }

            Outcome<RangeResponse> answer = await ctx.Client.CallAsync<RangeRequest, RangeResponse>("/v3/kv/range", request, cancel);
            if (answer.Error is { } error)
            {
                return ctx.Fail(error);
            }

            PrintRange(ctx, answer.Value!, parse.GetValue(valueOnly), request.KeysOnly, request.CountOnly);
            return 0;
        });
        return command;
    }

    public static Command Del()
    {
        var key = new Argument<string>("key");
        var rangeEnd = new Argument<string?>("range_end") { Arity = ArgumentArity.ZeroOrOne };
        var prefix = new Option<bool>("--prefix") { Description = "Delete keys with matching prefix." };
        var fromKey = new Option<bool>("--from-key") { Description = "Delete keys that are greater than or equal to the given key." };
        var prevKv = new Option<bool>("--prev-kv") { Description = "Return deleted key-value pairs." };
        var command = new Command("del", "Removes the specified key or range of keys [key, range_end).") { key, rangeEnd, prefix, fromKey, prevKv };
        ClientContext.Wire(command, async (ctx, parse, cancel) =>
        {
            byte[] start = Text.Bytes(parse.GetValue(key)!);
            var request = new DeleteRangeRequest { Key = start, PrevKv = parse.GetValue(prevKv) };
            request.RangeEnd = parse.GetValue(prefix) ? Text.PrefixEnd(start) : parse.GetValue(fromKey) ? [0] : parse.GetValue(rangeEnd) is { } end ? Text.Bytes(end) : null;
            Outcome<DeleteRangeResponse> answer = await ctx.Client.CallAsync<DeleteRangeRequest, DeleteRangeResponse>("/v3/kv/deleterange", request, cancel);
            if (answer.Error is { } error)
            {
                return ctx.Fail(error);
            }

            if (ctx.Json)
            {
                ctx.Out.WriteLine(GatewayJson.ToJson(answer.Value!));
                return 0;
            }

            ctx.Out.WriteLine(answer.Value!.Deleted);
            foreach (KeyValue kv in answer.Value.PrevKvs ?? [])
            {
                ctx.Out.WriteLine(Text.Str(kv.Key));
                ctx.Out.WriteLine(Text.Str(kv.Value));
            }

            return 0;
        });
        return command;
    }

    public static Command Compaction()
    {
        var revision = new Argument<long>("revision");
        var physical = new Option<bool>("--physical") { Description = "Wait for the compaction to physically remove all old revisions." };
        var command = new Command("compaction", "Compacts the event history in etcd.") { revision, physical };
        ClientContext.Wire(command, async (ctx, parse, cancel) =>
        {
            var request = new CompactionRequest { Revision = parse.GetValue(revision), Physical = parse.GetValue(physical) };
            Outcome<CompactionResponse> answer = await ctx.Client.CallAsync<CompactionRequest, CompactionResponse>("/v3/kv/compaction", request, cancel);
            if (answer.Error is { } error)
            {
                return ctx.Fail(error);
            }

            ctx.Out.WriteLine(ctx.Json ? GatewayJson.ToJson(answer.Value!) : $"compacted revision {request.Revision}");
            return 0;
        });
        return command;
    }

    /// <summary>Prints a range answer as etcdctl does (simple: key and value lines; json: the response).</summary>
    public static void PrintRange(ClientContext ctx, RangeResponse range, bool valueOnly, bool keysOnly, bool countOnly)
    {
        if (ctx.Json)
        {
            ctx.Out.WriteLine(GatewayJson.ToJson(range));
            return;
        }

        if (countOnly)
        {
            ctx.Out.WriteLine(range.Count);
            return;
        }

        foreach (KeyValue kv in range.Kvs ?? [])
        {
            if (!valueOnly)
            {
                ctx.Out.WriteLine(Text.Str(kv.Key));
            }

            if (!keysOnly)
            {
                ctx.Out.WriteLine(Text.Str(kv.Value));
            }
        }
    }

    public static bool TryHex(string text, out long id)
    {
        bool ok = ulong.TryParse(text, System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out ulong value);
        id = (long)value;
        return ok;
    }

    private static string? SortOptions(string sortBy, string order, RangeRequest request)
    {
        switch (order.ToUpperInvariant())
        {
            case "": break;
            case "ASCEND": request.SortOrder = SortOrder.Ascend; break;
            case "DESCEND": request.SortOrder = SortOrder.Descend; break;
            default: return $"bad sort order '{order}' (ASCEND or DESCEND)";
        }

        switch (sortBy.ToUpperInvariant())
        {
            case "" or "KEY": request.SortTarget = SortTarget.Key; break;
            case "CREATE": request.SortTarget = SortTarget.Create; break;
            case "MODIFY": request.SortTarget = SortTarget.Mod; break;
            case "VALUE": request.SortTarget = SortTarget.Value; break;
            case "VERSION": request.SortTarget = SortTarget.Version; break;
            default: return $"bad sort target '{sortBy}' (CREATE, KEY, MODIFY, VALUE or VERSION)";
        }

        if (sortBy.Length > 0 && request.SortOrder == SortOrder.None)
        {
            request.SortOrder = SortOrder.Ascend;
        }

        return null;
    }
}
