using System.Net;
using Engine.Protocol;
using static Engine.Api.Tests.GatewayHost;

namespace Engine.Api.Tests;

/// <summary>etcd's /health rules (no leader, active alarm, failed read → false) and 3.6's /livez, /readyz checks (etcd-api.md §8).</summary>
public sealed class GatewayHealthTests : IAsyncLifetime
{
    private GatewayHost _host = null!;

    public async Task InitializeAsync() => _host = await StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Health_is_true_with_a_leader_and_no_alarm()
    {
        Assert.Equal((HttpStatusCode.OK, """{"health":"true","reason":""}"""), await Get("/health"));
    }

    [Fact]
    public async Task Health_is_false_until_the_member_has_published_itself_etcd_ReadyNotify()
    {
        // etcd serves no client request before its member attributes are applied (publishV3 closes readych).
        _host.Server.IsReady = false;
        Assert.Equal((HttpStatusCode.ServiceUnavailable, """{"health":"false","reason":"server not ready"}"""), await Get("/health"));
        Assert.Equal((HttpStatusCode.ServiceUnavailable, """{"health":"false","reason":"server not ready"}"""), await Get("/health?serializable=true"));
        _host.Server.IsReady = true;
        Assert.Equal(HttpStatusCode.OK, (await Get("/health")).Item1);
    }

    [Fact]
    public async Task Health_is_false_without_a_leader_unless_serializable()
    {
        _host.Server.HasLeader = false;
        Assert.Equal((HttpStatusCode.ServiceUnavailable, """{"health":"false","reason":"RAFT NO LEADER"}"""), await Get("/health"));
        Assert.Equal(HttpStatusCode.OK, (await Get("/health?serializable=true")).Status);
    }

    [Fact]
    public async Task Health_is_false_with_an_active_alarm_unless_excluded()
    {
        await _host.PostAsync("/v3/maintenance/alarm", """{"action":"ACTIVATE","alarm":"NOSPACE"}""");
        Assert.Equal((HttpStatusCode.ServiceUnavailable, """{"health":"false","reason":"ALARM NOSPACE"}"""), await Get("/health"));
        Assert.Equal(HttpStatusCode.OK, (await Get("/health?exclude=NOSPACE")).Status);
    }

    [Fact]
    public async Task Health_is_false_when_the_read_check_fails()
    {
        _host.Server.FailEverything = EtcdErrors.Timeout;
        Assert.Equal((HttpStatusCode.ServiceUnavailable, """{"health":"false","reason":"QGET ERROR:etcdserver: request timed out"}"""), await Get("/health"));
    }

    [Fact]
    public async Task Readyz_fails_data_corruption_on_a_CORRUPT_alarm_and_livez_still_passes()
    {
        await _host.PostAsync("/v3/maintenance/alarm", """{"action":"ACTIVATE","alarm":"CORRUPT"}""");
        var (status, body) = await Get("/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("[-]data_corruption failed: alarm activated: CORRUPT\n", body);
        Assert.Contains("[+]linearizable_read ok\n", body);
        Assert.EndsWith("readyz check failed\n", body);
        Assert.Equal((HttpStatusCode.OK, "ok\n"), await Get("/livez"));
        Assert.Equal(HttpStatusCode.OK, (await Get("/readyz?exclude=data_corruption")).Status);
    }

    [Fact]
    public async Task Readyz_linearizable_read_fails_without_a_leader_read()
    {
        _host.Server.FailEverything = EtcdErrors.NoLeader;
        var (status, body) = await Get("/readyz?verbose");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("[-]linearizable_read failed: etcdserver: no leader", body);
    }

    private async Task<(HttpStatusCode Status, string Body)> Get(string path)
    {
        using HttpResponseMessage response = await _host.Client.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
