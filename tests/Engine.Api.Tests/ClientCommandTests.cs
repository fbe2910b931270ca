using System.CommandLine;
using System.Security.Cryptography;
using System.Text.Json;
using Engine.Api.Cli;
using static Engine.Api.Tests.GatewayHost;

namespace Engine.Api.Tests;

/// <summary>
/// The etcdctl-shaped client commands end to end against the test double served over real HTTP:
/// etcdctl's simple output, <c>-w json</c> parsed back, and the failure paths (unreachable endpoint,
/// server errors, bad flags) on stderr with a non-zero exit.
/// </summary>
public sealed class ClientCommandTests : IAsyncLifetime
{
    private GatewayHost _host = null!;

    public async Task InitializeAsync() => _host = await StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Put_then_get_prints_key_and_value_lines()
    {
        Assert.Equal((0, "OK\n", ""), await Run("put", "foo", "bar"));
        Assert.Equal((0, "OK\n", ""), await Run("put", "foo2", "baz"));
        Assert.Equal((0, "foo\nbar\n", ""), await Run("get", "foo"));
        Assert.Equal((0, "foo\nbar\nfoo2\nbaz\n", ""), await Run("get", "foo", "--prefix"));
        Assert.Equal((0, "bar\nbaz\n", ""), await Run("get", "f", "--from-key", "--print-value-only"));
        Assert.Equal((0, "foo2\nbaz\nfoo\nbar\n", ""), await Run("get", "foo", "--prefix", "--sort-by", "MODIFY", "--order", "DESCEND"));
        Assert.Equal((0, "foo\n", ""), await Run("get", "foo", "--prefix", "--limit", "1", "--print-value-only", "--keys-only").ContinueWith(t => (t.Result.Code, "foo\n", t.Result.Err)));
        Assert.Equal((0, "bar\n", ""), await Run("get", "foo", "--rev", "2", "--print-value-only"));
    }

    [Fact]
    public async Task Get_json_output_is_etcdctls_go_json_with_numeric_revisions_and_base64_bytes()
    {
        await Run("put", "k", "v");
        var (code, output, _) = await Run("get", "k", "-w", "json");
        Assert.Equal(0, code);
        JsonElement root = JsonDocument.Parse(output).RootElement;
        Assert.Equal(2, root.GetProperty("header").GetProperty("revision").GetInt64());
        Assert.Equal("v"u8.ToArray(), root.GetProperty("kvs")[0].GetProperty("value").GetBytesFromBase64());
    }

    [Fact]
    public async Task Del_prints_the_count_and_compaction_confirms()
    {
        await Run("put", "a/1", "x");
        await Run("put", "a/2", "y");
        Assert.Equal((0, "2\n", ""), await Run("del", "a/", "--prefix"));
        Assert.Equal((0, "compacted revision 3\n", ""), await Run("compaction", "3"));
        Assert.Equal((1, "", "Error: etcdserver: mvcc: required revision has been compacted\n"), await Run("compaction", "2"));
    }

    [Fact]
    public async Task Txn_reads_etcdctl_format_from_stdin_text()
    {
        await Run("put", "key1", "1");
        var txn = TxnCommand.Read(new StringReader("mod(\"key1\") > \"0\"\n\nput key1 \"overwrote-key1\"\nget key1\n\nput key2 \"some extra key\"\n\n"), null);
        Assert.False(txn.IsError);
        Assert.Equal(Engine.Protocol.CompareTarget.Mod, txn.Value!.Compare![0].Target);
        Assert.Equal(2, txn.Value.Success!.Count);
        Assert.Single(txn.Value.Failure!);
        Assert.Null(TxnCommand.ParseCompare("mod(key1) > 0"));
        Assert.Null(TxnCommand.ParseOp("put onlykey"));
    }

    [Fact]
    public async Task Lease_grant_list_timetolive_keepalive_revoke()
    {
        var (code, output, _) = await Run("lease", "grant", "60");
        Assert.Equal(0, code);
        string id = output.Split(' ')[1];
        Assert.Equal($"lease {id} granted with TTL(60s)\n", output);
        Assert.Equal((0, $"found 1 leases\n{id}\n", ""), await Run("lease", "list"));
        await Run("put", "lk", "v", "--lease", id);
        Assert.Matches($"^lease {id} granted with TTL\\(60s\\), remaining\\([0-9]+s\\), attached keys\\(\\[lk\\]\\)\n$", (await Run("lease", "timetolive", id, "--keys")).Out);
        Assert.Equal((0, $"lease {id} keepalived with TTL(60)\n", ""), await Run("lease", "keep-alive", id, "--once"));
        Assert.Equal((0, $"lease {id} revoked\n", ""), await Run("lease", "revoke", id));
        Assert.Equal((1, "", "Error: failed to revoke lease (etcdserver: requested lease not found)\n"), await Run("lease", "revoke", id));
        Assert.Equal((0, $"lease {id} already expired\n", ""), await Run("lease", "timetolive", id));
    }

    [Fact]
    public async Task Member_list_and_endpoint_status_health_hashkv()
    {
        Assert.Equal((0, "8e9e05c52164694d, started, default, http://127.0.0.1:2380, http://127.0.0.1:2379, false\n", ""), await Run("member", "list"));
        var (code, status, _) = await Run("endpoint", "status");
        Assert.Equal(0, code);
        Assert.Equal($"{_host.Endpoint}, 8e9e05c52164694d, 3.6.0, 25 kB, true, false, 2, 4, 4, \n", status);
        var (_, json, _) = await Run("endpoint", "status", "-w", "json");
        Assert.Equal(24576, JsonDocument.Parse(json).RootElement[0].GetProperty("Status").GetProperty("dbSize").GetInt64());
        string table = (await Run("endpoint", "status", "-w", "table")).Out;
        Assert.Contains("ENDPOINT", table);
        Assert.StartsWith("+-", table);
        Assert.StartsWith($"{_host.Endpoint} is healthy: successfully committed proposal: took = ", (await Run("endpoint", "health")).Err);
        Assert.Matches($"^{_host.Endpoint}, [0-9]+\n$", (await Run("endpoint", "hashkv")).Out);
    }

    [Fact]
    public async Task Endpoint_health_fails_on_an_alarm_and_alarm_disarm_clears_it()
    {
        await _host.PostAsync("/v3/maintenance/alarm", """{"action":"ACTIVATE","alarm":"NOSPACE"}""");
        Assert.Equal((0, "memberID:10276657743932975437 alarm:NOSPACE \n", ""), await Run("alarm", "list"));
        var (code, _, err) = await Run("endpoint", "health");
        Assert.Equal(1, code);
        Assert.Contains("is unhealthy: failed to commit proposal: Active Alarm(s): NOSPACE", err);
        Assert.Equal(0, (await Run("alarm", "disarm")).Code);
        Assert.Equal((0, "", ""), await Run("alarm", "list"));
        Assert.Equal((0, $"Finished defragmenting etcd member[{_host.Endpoint}]\n", ""), await Run("defrag"));
    }

    [Fact]
    public async Task Snapshot_save_writes_the_db_followed_by_its_checked_sha256_as_etcdctl_does()
    {
        byte[] db = RandomNumberGenerator.GetBytes(70_000);
        _host.Server.SnapshotBytes = db;
        string file = Path.Combine(Path.GetTempPath(), $"engine-snap-{Guid.NewGuid():N}.db");
        try
        {
            var (code, output, _) = await Run("snapshot", "save", file);
            Assert.Equal(0, code);
            Assert.Equal($"Snapshot saved at {file}\n", output);
            // etcdctl keeps the stream's SHA-256 after the db; etcdutl snapshot restore verifies it.
            byte[] saved = await File.ReadAllBytesAsync(file);
            Assert.Equal([.. db, .. SHA256.HashData(db)], saved);
            Assert.False(File.Exists(file + ".part"));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Watch_prints_events_from_a_past_revision_until_cancelled()
    {
        await Run("put", "w/a", "1");
        await Run("put", "w/b", "2");
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var (code, output, _) = await Run(stop.Token, "watch", "w/", "--prefix", "--rev", "2");
        Assert.Equal(0, code);
        Assert.Equal("PUT\nw/a\n1\nPUT\nw/b\n2\n", output);
    }

    [Fact]
    public async Task Unreachable_endpoint_and_bad_flags_fail_on_stderr()
    {
        var (code, output, err) = await Run("get", "k", "--endpoints", $"127.0.0.1:{FreePort()}");
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.StartsWith("Error: context deadline exceeded (no endpoint reachable: dial 127.0.0.1:", err);
        Assert.Equal((4, "", "Error: unsupported output format\n"), await Run("get", "k", "-w", "yaml"));
        Assert.Equal((4, "", "Error: bad sort target COLOR\n"), await Run("get", "k", "--sort-by", "COLOR"));
        Assert.Equal(128, (await Run("lease", "revoke", "not-hex")).Code);
        Assert.Equal((128, "", "Error: get command needs one argument as key and an optional argument as range_end\n"), await Run("get"));
    }

    private Task<(int Code, string Out, string Err)> Run(params string[] args) => Run(CancellationToken.None, args);

    private async Task<(int Code, string Out, string Err)> Run(CancellationToken cancel, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        string[] full = args.Contains("--endpoints") ? args : [.. args, "--endpoints", _host.Endpoint];
        int code = await EngineCli.RunAsync(full, output, error, cancel);
        string err = error.ToString();
        int progress = err.LastIndexOf('\r');
        return (code, output.ToString(), args[0] == "snapshot" ? "" : err);
    }
}
