using System.CommandLine;
using System.Security.Cryptography;
using Engine.Api.Cli.Client;
using Engine.Api.Json;
using Engine.Protocol;

namespace Engine.Api.Cli;

/// <summary>etcdctl's streaming commands: <c>watch</c> (key or prefix, from a revision) and <c>snapshot save</c> (with the SHA-256 check of etcd's stream).</summary>
public static class StreamCommands
{
    public static Command Watch()
    {
        var key = new Argument<string>("key");
        var rangeEnd = new Argument<string?>("range_end") { Arity = ArgumentArity.ZeroOrOne };
        var prefix = new Option<bool>("--prefix") { Description = "Watch on a prefix." };
        var rev = new Option<long>("--rev") { Description = "Revision to start watching from." };
        var prevKv = new Option<bool>("--prev-kv") { Description = "Get the previous key-value pair before the event happens." };
        var command = new Command("watch", "Watches events stream on keys or prefixes.") { key, rangeEnd, prefix, rev, prevKv };
        ClientContext.Wire(command, async (ctx, parse, cancel) =>
        {
            byte[] start = Text.Bytes(parse.GetValue(key)!);
            var create = new WatchCreateRequest { Key = start, StartRevision = parse.GetValue(rev), PrevKv = parse.GetValue(prevKv) };
            create.RangeEnd = parse.GetValue(prefix) ? Text.PrefixEnd(start) : parse.GetValue(rangeEnd) is { } end ? Text.Bytes(end) : null;
            byte[] body = GatewayJson.ToUtf8(new WatchRequest { CreateRequest = create });
            EtcdError? error = await ctx.Client.StreamAsync<WatchResponse>("/v3/watch", body, response =>
            {
                if (response.Canceled)
                {
                    ctx.Err.WriteLine($"watch was canceled ({(response.CompactRevision > 0 ? $"etcdserver: mvcc: required revision has been compacted, compact revision {response.CompactRevision}" : response.CancelReason)})");
                    return Task.FromResult(false);
                }

                PrintEvents(ctx, response);
                return Task.FromResult(true);
            }, cancel);
            return error is null ? 0 : ctx.Fail(error);
        });
        return command;
    }

    public static Command Snapshot()
    {
        var file = new Argument<string>("filename");
        var save = new Command("save", "Stores an etcd node backend snapshot to a given file.") { file };
        ClientContext.Wire(save, async (ctx, parse, cancel) =>
        {
            string path = parse.GetValue(file)!;
            string partial = path + ".part";
            byte[]? last = null;
            long written = 0;
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using (var output = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                EtcdError? error = await ctx.Client.StreamAsync<SnapshotResponse>("/v3/maintenance/snapshot", "{}"u8.ToArray(), async chunk =>
                {
                    if (last is not null)
                    {
                        sha.AppendData(last);
                        await output.WriteAsync(last, cancel);
                        written += last.Length;
                        ctx.Err.Write($"\rDownloading snapshot: {Text.Size(written)} ({chunk.RemainingBytes} bytes left)   ");
                    }

                    last = chunk.Blob ?? [];
                    return true;
                }, cancel);
                if (error is not null)
                {
                    output.Close();
                    File.Delete(partial);
                    return ctx.Fail(error);
                }

                await output.FlushAsync(cancel);
                output.Flush(flushToDisk: true);
            }

            ctx.Err.WriteLine();
            if (last is not { Length: 32 } || !sha.GetHashAndReset().AsSpan().SequenceEqual(last))
            {
                File.Delete(partial);
                return ctx.Fail("snapshot: sha256 checksum mismatch: the stream did not end with the digest of the received bytes");
            }

            File.Move(partial, path, overwrite: true);
            ctx.Out.WriteLine($"Snapshot saved at {path}");
            return 0;
        });
        return new Command("snapshot", "Manages etcd node snapshots.") { save };
    }

    private static void PrintEvents(ClientContext ctx, WatchResponse response)
    {
        if (ctx.Json)
        {
            ctx.Out.WriteLine(GatewayJson.ToJson(response));
            ctx.Out.Flush();
            return;
        }

        foreach (Event change in response.Events ?? [])
        {
            ctx.Out.WriteLine(change.Type == EventType.Delete ? "DELETE" : "PUT");
            if (change.PrevKv is { } previous)
            {
                ctx.Out.WriteLine(Text.Str(previous.Key));
                ctx.Out.WriteLine(Text.Str(previous.Value));
            }

            ctx.Out.WriteLine(Text.Str(change.Kv?.Key));
            ctx.Out.WriteLine(Text.Str(change.Kv?.Value));
        }

        ctx.Out.Flush();
    }
}
