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
        var interactive = new Option<bool>("--interactive", "-i") { Description = "Interactive mode" };
        var prefix = new Option<bool>("--prefix") { Description = "Watch on a prefix if prefix is set" };
        var rev = new Option<long>("--rev") { Description = "Revision to start watching" };
        var prevKv = new Option<bool>("--prev-kv") { Description = "get the previous key-value pair before the event happens" };
        var command = new Command("watch", "Watches events stream on keys or prefixes") { interactive, prefix, rev, prevKv };
        ClientContext.Wire(command, "[options] [key or prefix] [range_end] [--] [exec-command arg1 arg2 ...]", async (ctx, args, parse, cancel) =>
        {
            if (parse.GetValue(interactive))
            {
                return ctx.BadArgs("interactive watch is not supported by this client; give the key as an argument");
            }

            string[] keys = WatchKeys(args);
            if (keys.Length is 0 or > 2)
            {
                return ctx.BadArgs("bad number of arguments");
            }

            if (KvCommands.Range(ctx, keys, parse.GetValue(prefix), false) is not { } range)
            {
                return CtlExit.BadArgs;
            }

            if (ctx.CheckClient() is { } bad)
            {
                return bad;
            }

            var create = new WatchCreateRequest { Key = range.Key, RangeEnd = range.End, StartRevision = parse.GetValue(rev), PrevKv = parse.GetValue(prevKv) };
            byte[] body = GatewayJson.ToUtf8(new WatchRequest { CreateRequest = create });
            EtcdError? error = await ctx.Client.StreamAsync<WatchResponse>("/v3/watch", body, response =>
            {
                if (response.Canceled)
                {
                    ctx.Out.Flush();
                    string reason = response.CompactRevision > 0
                        ? $"etcdserver: mvcc: required revision has been compacted"
                        : response.CancelReason ?? "";
                    ctx.Err.WriteLine($"watch was canceled ({reason})");
                    return Task.FromResult(false);
                }

                if (response.Created && response.Events is not { Count: > 0 })
                {
                    return Task.FromResult(true);
                }

                ctx.Print.Watch(response);
                ctx.Out.Flush();
                return Task.FromResult(true);
            }, cancel);
            if (error is not null)
            {
                return ctx.Fail(error.Message, CtlExit.BadConnection);
            }

            return cancel.IsCancellationRequested ? CtlExit.Success : ctx.Fail("watch is canceled by the server", CtlExit.Interrupted);
        });
        return command;
    }

    /// <summary>The key and range end of a watch: the arguments before "--" (what follows it is etcdctl's exec command, not run here).</summary>
    private static string[] WatchKeys(string[] args)
    {
        int separator = Array.IndexOf(args, "--");
        return separator < 0 ? args : args[..separator];
    }

    public static Command Snapshot()
    {
        var save = new Command("save", "Stores an etcd node backend snapshot to a given file");
        ClientContext.Wire(save, "<filename>", async (ctx, args, parse, cancel) =>
        {
            if (args.Length != 1)
            {
                return ctx.BadArgs("snapshot save expects one argument");
            }

            if (ctx.CheckClient() is { } bad)
            {
                return bad;
            }

            string path = args[0];
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
                        ProgressLine(ctx, $"\rDownloading snapshot: {Text.Size(written)} ({chunk.RemainingBytes} bytes left)   ");
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

            ProgressLine(ctx, "\n");
            if (last is not { Length: 32 } || !sha.GetHashAndReset().AsSpan().SequenceEqual(last))
            {
                File.Delete(partial);
                return ctx.Fail("snapshot: sha256 checksum mismatch: the stream did not end with the digest of the received bytes");
            }

            // etcd's file keeps the digest after the db: 'tool snapshot restore' verifies it.
            await using (var output = new FileStream(partial, FileMode.Append, FileAccess.Write, FileShare.None))
            {
                await output.WriteAsync(last, cancel);
                output.Flush(flushToDisk: true);
            }

            File.Move(partial, path, overwrite: true);
            ctx.Out.WriteLine($"Snapshot saved at {path}");
            return 0;
        });
        return new Command("snapshot", "Manages etcd node snapshots.") { save };
    }

    /// <summary>Progress goes to stderr only when it is a terminal (scripts and pipes get just the result).</summary>
    private static void ProgressLine(ClientContext ctx, string text)
    {
        if (ReferenceEquals(ctx.Err, Console.Error) && !Console.IsErrorRedirected)
        {
            ctx.Err.Write(text);
        }
    }
}
