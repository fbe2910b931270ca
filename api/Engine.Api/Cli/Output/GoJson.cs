using System.Globalization;
using System.Text;
using Engine.Protocol;

namespace Engine.Api.Cli.Output;

/// <summary>
/// The responses as etcdctl's <c>-w json</c> prints them: Go's encoding/json of the generated protobuf structs
/// (snake_case or camelCase tags as etcd's .proto files name them, omitempty everywhere, 64-bit numbers as
/// numbers, bytes as standard base64) and of clientv3's wrapper structs for watch and lease responses.
/// </summary>
public sealed class GoJson
{
    private readonly StringBuilder _text = new();
    private bool _first = true;

    public override string ToString() => _text.ToString();

    public static string Range(RangeResponse r) => Obj(j => j.Header(r.Header).Kvs("kvs", r.Kvs).Bool("more", r.More).Num("count", r.Count));

    public static string Put(PutResponse r) => Obj(j => j.Header(r.Header).Kv("prev_kv", r.PrevKv));

    public static string Delete(DeleteRangeResponse r) => Obj(j => j.Header(r.Header).Num("deleted", r.Deleted).Kvs("prev_kvs", r.PrevKvs));

    public static string Txn(TxnResponse r) => Obj(j => j.Header(r.Header).Bool("succeeded", r.Succeeded).List("responses", r.Responses, ResponseOp));

    /// <summary>clientv3.WatchResponse: Header, Events, CompactRevision, Canceled, Created (no tags, no omitempty).</summary>
    public static string Watch(WatchResponse r) => Obj(j =>
    {
        j.Raw("Header", Obj(h => h.HeaderFields(r.Header)));
        j.Raw("Events", r.Events is not { Count: > 0 } ? "null" : "[" + string.Join(",", r.Events.Select(Event)) + "]");
        j.Raw("CompactRevision", r.CompactRevision.ToString(CultureInfo.InvariantCulture));
        j.Raw("Canceled", r.Canceled ? "true" : "false");
        j.Raw("Created", r.Created ? "true" : "false");
    });

    /// <summary>clientv3.LeaseGrantResponse: the header's fields inline, then ID, TTL, Error.</summary>
    public static string Grant(LeaseGrantResponse r) => Obj(j => j.HeaderFields(r.Header).Raw("ID", N(r.ID)).Raw("TTL", N(r.TTL)).Raw("Error", Quote(r.Error ?? "")));

    public static string KeepAlive(LeaseKeepAliveResponse r) => Obj(j => j.HeaderFields(r.Header).Raw("ID", N(r.ID)).Raw("TTL", N(r.TTL)));

    public static string Revoke(LeaseRevokeResponse r) => Obj(j => j.Header(r.Header));

    public static string TimeToLive(LeaseTimeToLiveResponse r) => Obj(j => j.HeaderFields(r.Header).Raw("id", N(r.ID)).Raw("ttl", N(r.TTL))
        .Raw("granted-ttl", N(r.GrantedTTL)).Raw("keys", r.Keys is not { Count: > 0 } ? "null" : "[" + string.Join(",", r.Keys.Select(k => Quote(Convert.ToBase64String(k)))) + "]"));

    public static string Leases(LeaseLeasesResponse r) => Obj(j => j.HeaderFields(r.Header)
        .Raw("leases", r.Leases is not { Count: > 0 } ? "null" : "[" + string.Join(",", r.Leases.Select(l => $"{{\"id\":{l.ID}}}")) + "]"));

    public static string MemberList(MemberListResponse r) => Obj(j => j.Header(r.Header).List("members", r.Members, Member));

    public static string MemberAdd(MemberAddResponse r) => Obj(j => j.Header(r.Header).Obj("member", r.Member is null ? null : Member(r.Member)).List("members", r.Members, Member));

    public static string MembersOnly(ResponseHeader? header, List<Member>? members) => Obj(j => j.Header(header).List("members", members, Member));

    public static string Status(StatusResponse s) => Obj(j => j.Header(s.Header).Str("version", s.Version).Num("dbSize", s.DbSize).Num("leader", s.Leader)
        .Num("raftIndex", s.RaftIndex).Num("raftTerm", s.RaftTerm).Num("raftAppliedIndex", s.RaftAppliedIndex)
        .Strs("errors", s.Errors).Num("dbSizeInUse", s.DbSizeInUse).Bool("isLearner", s.IsLearner));

    public static string HashKv(HashKVResponse h) => Obj(j => j.Header(h.Header).Num("hash", h.Hash).Num("compact_revision", h.CompactRevision));

    public static string Alarm(AlarmResponse r) => Obj(j => j.Header(r.Header).List("alarms", r.Alarms, a => Obj(m => m.Num("memberID", a.MemberID).Num("alarm", (long)a.Alarm))));

    public static string HeaderJson(ResponseHeader? h) => Obj(j => j.HeaderFields(h));

    public static string Member(Member m) => Obj(j => j.Num("ID", m.ID).Str("name", m.Name).Strs("peerURLs", m.PeerURLs).Strs("clientURLs", m.ClientURLs).Bool("isLearner", m.IsLearner));

    public static string KeyValue(KeyValue kv) => Obj(j => j.Bytes("key", kv.Key).Num("create_revision", kv.CreateRevision).Num("mod_revision", kv.ModRevision)
        .Num("version", kv.Version).Bytes("value", kv.Value).Num("lease", kv.Lease));

    public static string Event(Event e) => Obj(j => j.Num("type", (long)e.Type).Kv("kv", e.Kv).Kv("prev_kv", e.PrevKv));

    /// <summary>A Go string literal as encoding/json writes it (HTML characters escaped).</summary>
    public static string Quote(string text)
    {
        var quoted = new StringBuilder("\"");
        foreach (char c in text)
        {
            switch (c)
            {
                case '"': quoted.Append("\\\""); break;
                case '\\': quoted.Append("\\\\"); break;
                case '\n': quoted.Append("\\n"); break;
                case '\r': quoted.Append("\\r"); break;
                case '\t': quoted.Append("\\t"); break;
                case '<' or '>' or '&' or '\u2028' or '\u2029' or < ' ': quoted.Append($"\\u{(int)c:x4}"); break;
                default: quoted.Append(c); break;
            }
        }

        return quoted.Append('"').ToString();
    }

    public static string Obj(Action<GoJson> fill)
    {
        var json = new GoJson();
        json._text.Append('{');
        fill(json);
        return json._text.Append('}').ToString();
    }

    private static string ResponseOp(ResponseOp op)
    {
        string inner = op.ResponseRange is { } range ? $"{{\"ResponseRange\":{Range(range)}}}"
            : op.ResponsePut is { } put ? $"{{\"ResponsePut\":{Put(put)}}}"
            : op.ResponseDeleteRange is { } delete ? $"{{\"ResponseDeleteRange\":{Delete(delete)}}}"
            : op.ResponseTxn is { } txn ? $"{{\"ResponseTxn\":{Txn(txn)}}}"
            : "null";
        return $"{{\"Response\":{inner}}}";
    }

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    public GoJson Raw(string name, string json)
    {
        if (!_first)
        {
            _text.Append(',');
        }

        _first = false;
        _text.Append('"').Append(name).Append("\":").Append(json);
        return this;
    }

    private GoJson Header(ResponseHeader? h) => h is null ? this : Raw("header", HeaderJson(h));

    private GoJson HeaderFields(ResponseHeader? h) => h is null ? this
        : Num("cluster_id", h.ClusterId).Num("member_id", h.MemberId).Num("revision", h.Revision).Num("raft_term", h.RaftTerm);

    private GoJson Num(string name, long value) => value == 0 ? this : Raw(name, N(value));

    private GoJson Num(string name, ulong value) => value == 0 ? this : Raw(name, value.ToString(CultureInfo.InvariantCulture));

    private GoJson Bool(string name, bool value) => value ? Raw(name, "true") : this;

    private GoJson Str(string name, string? value) => string.IsNullOrEmpty(value) ? this : Raw(name, Quote(value));

    private GoJson Strs(string name, List<string>? values) => values is not { Count: > 0 } ? this : Raw(name, "[" + string.Join(",", values.Select(Quote)) + "]");

    private GoJson Bytes(string name, byte[]? value) => value is not { Length: > 0 } ? this : Raw(name, Quote(Convert.ToBase64String(value)));

    private GoJson Kv(string name, KeyValue? kv) => kv is null ? this : Raw(name, KeyValue(kv));

    private GoJson Kvs(string name, List<KeyValue>? kvs) => List(name, kvs, KeyValue);

    private GoJson Obj(string name, string? json) => json is null ? this : Raw(name, json);

    private GoJson List<T>(string name, List<T>? items, Func<T, string> render) =>
        items is not { Count: > 0 } ? this : Raw(name, "[" + string.Join(",", items.Select(render)) + "]");
}
