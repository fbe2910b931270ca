using System.Globalization;
using System.Text;
using Engine.Api.Cli.Client;
using Engine.Protocol;

namespace Engine.Api.Cli.Output;

/// <summary>
/// etcdctl's printers (etcdctl/ctlv3/command/printer*.go) for one command's <c>-w</c>: simple (keys and values
/// as raw bytes, or <c>\x</c>-escaped with <c>--hex</c>), json (<see cref="GoJson"/>), fields, and table where
/// etcdctl has one. A format etcdctl lacks for a response fails as etcdctl does ("table not supported as
/// output format", exit 4) — after the request was made, as in etcdctl. Each method returns the exit code.
/// </summary>
public sealed class Printer(ClientContext ctx)
{
    private TextWriter Out => ctx.Out;

    public int Get(RangeResponse r, bool valueOnly = false) => ctx.WriteOut switch
    {
        "simple" => Each(r.Kvs, kv => Kv(kv, valueOnly)),
        "json" => Line(GoJson.Range(r)),
        "fields" => Done(() => FieldsRange(r)),
        _ => Unsupported(),
    };

    public int Put(PutResponse r) => ctx.WriteOut switch
    {
        "simple" => Done(() =>
        {
            Out.WriteLine("OK");
            if (r.PrevKv is { } previous)
            {
                Kv(previous, false);
            }
        }),
        "json" => Line(GoJson.Put(r)),
        "fields" => Done(() => FieldsPut(r)),
        _ => Unsupported(),
    };

    public int Del(DeleteRangeResponse r) => ctx.WriteOut switch
    {
        "simple" => Done(() =>
        {
            Out.WriteLine(r.Deleted);
            foreach (KeyValue kv in r.PrevKvs ?? [])
            {
                Kv(kv, false);
            }
        }),
        "json" => Line(GoJson.Delete(r)),
        "fields" => Done(() => FieldsDel(r)),
        _ => Unsupported(),
    };

    public int Txn(TxnResponse r) => ctx.WriteOut switch
    {
        "simple" => Done(() => SimpleTxn(r)),
        "json" => Line(GoJson.Txn(r)),
        "fields" => Done(() => FieldsTxn(r)),
        _ => Unsupported(),
    };

    public int Watch(WatchResponse r) => ctx.WriteOut switch
    {
        "simple" => Done(() =>
        {
            foreach (Event e in r.Events ?? [])
            {
                Out.WriteLine(e.Type == EventType.Delete ? "DELETE" : "PUT");
                if (e.PrevKv is { } previous)
                {
                    Kv(previous, false);
                }

                Kv(e.Kv ?? new KeyValue(), false);
            }
        }),
        "json" => Line(GoJson.Watch(r)),
        "fields" => Done(() =>
        {
            Header(r.Header ?? new ResponseHeader());
            foreach (Event e in r.Events ?? [])
            {
                Out.WriteLine($"\"Type\" : {(e.Type == EventType.Delete ? "DELETE" : "PUT")}");
                if (e.PrevKv is { } previous)
                {
                    FieldsKv("Prev", previous);
                }

                FieldsKv("", e.Kv ?? new KeyValue());
            }
        }),
        _ => Unsupported(),
    };

    public int Grant(LeaseGrantResponse r) => ctx.WriteOut switch
    {
        "simple" => Line($"lease {LeaseId(r.ID)} granted with TTL({r.TTL}s)"),
        "json" => Line(GoJson.Grant(r)),
        "fields" => Done(() => Pairs(r.Header, ("ID", N(r.ID)), ("TTL", N(r.TTL)))),
        _ => Unsupported(),
    };

    public int Revoke(long id, LeaseRevokeResponse r) => ctx.WriteOut switch
    {
        "simple" => Line($"lease {LeaseId(id)} revoked"),
        "json" => Line(GoJson.Revoke(r)),
        "fields" => Done(() => Header(r.Header)),
        _ => Unsupported(),
    };

    public int KeepAlive(LeaseKeepAliveResponse r) => ctx.WriteOut switch
    {
        "simple" => Line($"lease {LeaseId(r.ID)} keepalived with TTL({r.TTL})"),
        "json" => Line(GoJson.KeepAlive(r)),
        "fields" => Done(() => Pairs(r.Header, ("ID", N(r.ID)), ("TTL", N(r.TTL)))),
        _ => Unsupported(),
    };

    public int TimeToLive(LeaseTimeToLiveResponse r, bool keys) => ctx.WriteOut switch
    {
        "simple" => Line(r.GrantedTTL == 0 && r.TTL == -1
            ? $"lease {LeaseId(r.ID)} already expired"
            : $"lease {LeaseId(r.ID)} granted with TTL({r.GrantedTTL}s), remaining({r.TTL}s)"
              + (keys ? $", attached keys([{string.Join(" ", (r.Keys ?? []).Select(k => Encoding.UTF8.GetString(k)))}])" : "")),
        "json" => Line(GoJson.TimeToLive(r)),
        "fields" => Done(() =>
        {
            Pairs(r.Header, ("ID", N(r.ID)), ("TTL", N(r.TTL)), ("GrantedTTL", N(r.GrantedTTL)));
            foreach (byte[] key in r.Keys ?? [])
            {
                Out.WriteLine($"\"Key\" : {GoQuote(key)}");
            }
        }),
        _ => Unsupported(),
    };

    public int Leases(LeaseLeasesResponse r) => ctx.WriteOut switch
    {
        "simple" => Done(() =>
        {
            Out.WriteLine($"found {r.Leases?.Count ?? 0} leases");
            foreach (LeaseStatus lease in r.Leases ?? [])
            {
                Out.WriteLine(LeaseId(lease.ID));
            }
        }),
        "json" => Line(GoJson.Leases(r)),
        "fields" => Done(() =>
        {
            Header(r.Header);
            foreach (LeaseStatus lease in r.Leases ?? [])
            {
                Out.WriteLine($"\"ID\" : {lease.ID}");
            }
        }),
        _ => Unsupported(),
    };

    public int MemberList(MemberListResponse r)
    {
        string[] headers = ["ID", "Status", "Name", "Peer Addrs", "Client Addrs", "Is Learner"];
        List<string[]> rows = [.. (r.Members ?? []).Select(m => new[]
        {
            Text.Hex(m.ID), string.IsNullOrEmpty(m.Name) ? "unstarted" : "started", m.Name ?? "",
            string.Join(",", m.PeerURLs ?? []), string.Join(",", m.ClientURLs ?? []), m.IsLearner ? "true" : "false",
        })];
        return ctx.WriteOut switch
        {
            "simple" => Each(rows, row => Out.WriteLine(string.Join(", ", row))),
            "json" => Line(GoJson.MemberList(r)),
            "table" => Table(headers, rows),
            "fields" => Done(() =>
            {
                Header(r.Header);
                foreach (Member m in r.Members ?? [])
                {
                    Out.WriteLine($"\"ID\" : {m.ID}");
                    Out.WriteLine($"\"Name\" : {GoQuote(m.Name ?? "")}");
                    (m.PeerURLs ?? []).ForEach(u => Out.WriteLine($"\"PeerURL\" : {GoQuote(u)}"));
                    (m.ClientURLs ?? []).ForEach(u => Out.WriteLine($"\"ClientURL\" : {GoQuote(u)}"));
                    Out.WriteLine($"\"IsLearner\" : {(m.IsLearner ? "true" : "false")}");
                    Out.WriteLine();
                }
            }),
            _ => Unsupported(),
        };
    }

    /// <summary>member add/remove/update/promote: "Member %16x added to cluster %16x" and its json.</summary>
    public int MemberChange(string verb, ulong id, ResponseHeader? header, string json) => ctx.WriteOut switch
    {
        "simple" => Line($"Member {Text.Hex(id),16} {verb} cluster {Text.Hex(header?.ClusterId ?? 0),16}"),
        "json" => Line(json),
        "fields" => Done(() => Header(header)),
        _ => Unsupported(),
    };

    public int EndpointHealth(IReadOnlyList<EndpointHealth> list) => ctx.WriteOut switch
    {
        "simple" => Done(() =>
        {
            foreach (EndpointHealth h in list)
            {
                ctx.Err.WriteLine(h.Error is null
                    ? $"{h.Endpoint} is healthy: successfully committed proposal: took = {h.Took}"
                    : $"{h.Endpoint} is unhealthy: failed to commit proposal: {h.Error}");
            }
        }),
        "json" => Line("[" + string.Join(",", list.Select(h => GoJson.Obj(j => j.Raw("endpoint", GoJson.Quote(h.Endpoint))
            .Raw("health", h.Error is null ? "true" : "false").Raw("took", GoJson.Quote(h.Took))
            .Raw("error", GoJson.Quote(h.Error ?? "")))).Select(s => s.Replace(",\"error\":\"\"", "", StringComparison.Ordinal))) + "]"),
        "table" => Table(["endpoint", "health", "took", "error"], [.. list.Select(h => new[] { h.Endpoint, h.Error is null ? "true" : "false", h.Took, h.Error ?? "" })]),
        "fields" => Each(list, h =>
        {
            Out.WriteLine($"\"Endpoint\" : {GoQuote(h.Endpoint)}");
            Out.WriteLine($"\"Health\" : {(h.Error is null ? "true" : "false")}");
            Out.WriteLine($"\"Took\" : {h.Took}");
            Out.WriteLine($"\"Error\" : {h.Error}");
            Out.WriteLine();
        }),
        _ => Unsupported(),
    };

    public int EndpointStatus(IReadOnlyList<(string Endpoint, StatusResponse Status)> list)
    {
        List<string[]> rows = [.. list.Select(e => new[]
        {
            e.Endpoint, Text.Hex(e.Status.Header?.MemberId ?? 0), e.Status.Version ?? "", Text.Size(e.Status.DbSize),
            (e.Status.Leader == (e.Status.Header?.MemberId ?? 0)) ? "true" : "false", e.Status.IsLearner ? "true" : "false",
            N(e.Status.RaftTerm), N(e.Status.RaftIndex), N(e.Status.RaftAppliedIndex), string.Join(", ", e.Status.Errors ?? []),
        })];

        // etcdctl 3.6's table adds the downgrade job (the simple line stays etcdctl 3.4's).
        List<string[]> withDowngrade = [.. rows.Zip(list, (row, e) => (string[])[.. row,
            e.Status.DowngradeInfo?.TargetVersion ?? "", e.Status.DowngradeInfo?.Enabled == true ? "true" : "false"])];
        return ctx.WriteOut switch
        {
            "simple" => Each(rows, row => Out.WriteLine(string.Join(", ", row))),
            "json" => Line("[" + string.Join(",", list.Select(e => $"{{\"Endpoint\":{GoJson.Quote(e.Endpoint)},\"Status\":{GoJson.Status(e.Status)}}}")) + "]"),
            "table" => Table(["endpoint", "ID", "version", "db size", "is leader", "is learner", "raft term", "raft index", "raft applied index", "errors", "downgrade target version", "downgrade enabled"], withDowngrade),
            "fields" => Each(list, e =>
            {
                StatusResponse s = e.Status;
                Header(s.Header);
                Out.WriteLine($"\"Version\" : {GoQuote(s.Version ?? "")}");
                Out.WriteLine($"\"DBSize\" : {s.DbSize}");
                Out.WriteLine($"\"Leader\" : {s.Leader}");
                Out.WriteLine($"\"IsLearner\" : {(s.IsLearner ? "true" : "false")}");
                Out.WriteLine($"\"RaftIndex\" : {s.RaftIndex}");
                Out.WriteLine($"\"RaftTerm\" : {s.RaftTerm}");
                Out.WriteLine($"\"RaftAppliedIndex\" : {s.RaftAppliedIndex}");
                Out.WriteLine($"\"Errors\" : [{string.Join(" ", s.Errors ?? [])}]");
                Out.WriteLine($"\"Endpoint\" : {GoQuote(e.Endpoint)}");
                Out.WriteLine();
            }),
            _ => Unsupported(),
        };
    }

    public int EndpointHashKv(IReadOnlyList<(string Endpoint, HashKVResponse Hash)> list) => ctx.WriteOut switch
    {
        "simple" => Each(list, e => Out.WriteLine($"{e.Endpoint}, {e.Hash.Hash}")),
        "json" => Line("[" + string.Join(",", list.Select(e => $"{{\"Endpoint\":{GoJson.Quote(e.Endpoint)},\"HashKV\":{GoJson.HashKv(e.Hash)}}}")) + "]"),
        "table" => Table(["endpoint", "hash"], [.. list.Select(e => new[] { e.Endpoint, N(e.Hash.Hash) })]),
        "fields" => Each(list, e =>
        {
            Header(e.Hash.Header);
            Out.WriteLine($"\"Endpoint\" : {GoQuote(e.Endpoint)}");
            Out.WriteLine($"\"Hash\" : {e.Hash.Hash}");
            Out.WriteLine();
        }),
        _ => Unsupported(),
    };

    public int Alarm(AlarmResponse r) => ctx.WriteOut switch
    {
        "simple" => Each(r.Alarms, a => Out.WriteLine($"memberID:{a.MemberID} alarm:{AlarmName(a.Alarm)} ")),
        "json" => Line(GoJson.Alarm(r)),
        "fields" => Done(() =>
        {
            Header(r.Header);
            foreach (AlarmMember a in r.Alarms ?? [])
            {
                Out.WriteLine($"\"MemberID\" : {a.MemberID}");
                Out.WriteLine($"\"AlarmType\" : {AlarmName(a.Alarm)}");
            }
        }),
        _ => Unsupported(),
    };

    /// <summary>etcd's lease ids: %016x.</summary>
    public static string LeaseId(long id) => ((ulong)id).ToString("x16", CultureInfo.InvariantCulture);

    public static string AlarmName(AlarmType alarm) => alarm switch
    {
        AlarmType.NoSpace => "NOSPACE",
        AlarmType.Corrupt => "CORRUPT",
        _ => "NONE",
    };

    /// <summary>Go's %q of a string: printable characters as they are, the rest escaped.</summary>
    public static string GoQuote(string text) => GoQuote(Encoding.UTF8.GetBytes(text));

    public static string GoQuote(byte[] bytes)
    {
        var quoted = new StringBuilder("\"");
        string decoded = Encoding.UTF8.GetString(bytes);
        bool valid = Encoding.UTF8.GetByteCount(decoded) == bytes.Length && !decoded.Contains('\uFFFD');
        if (!valid)
        {
            foreach (byte b in bytes)
            {
                quoted.Append(b is >= 0x20 and < 0x7f and not (byte)'"' and not (byte)'\\' ? ((char)b).ToString() : b switch
                {
                    (byte)'"' => "\\\"",
                    (byte)'\\' => "\\\\",
                    _ => $"\\x{b:x2}",
                });
            }

            return quoted.Append('"').ToString();
        }

        foreach (char c in decoded)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                < ' ' or '\u007f' => $"\\x{(int)c:x2}",
                _ => c.ToString(),
            });
        }

        return quoted.Append('"').ToString();
    }

    private void Kv(KeyValue kv, bool valueOnly)
    {
        if (!valueOnly)
        {
            Bytes(kv.Key ?? []);
        }

        Bytes(kv.Value ?? []);
    }

    private void Bytes(byte[] bytes)
    {
        if (ctx.IsHex)
        {
            Out.WriteLine(string.Concat(bytes.Select(b => $"\\x{b:x2}")));
        }
        else
        {
            ctx.WriteBytesLine(bytes);
        }
    }

    private void SimpleTxn(TxnResponse r)
    {
        Out.WriteLine(r.Succeeded ? "SUCCESS" : "FAILURE");
        foreach (ResponseOp op in r.Responses ?? [])
        {
            Out.WriteLine();
            if (op.ResponseDeleteRange is { } delete)
            {
                Del(delete);
            }
            else if (op.ResponsePut is { } put)
            {
                Put(put);
            }
            else if (op.ResponseRange is { } range)
            {
                Get(range);
            }
        }
    }

    private void Header(ResponseHeader? h)
    {
        h ??= new ResponseHeader();
        Out.WriteLine($"\"ClusterID\" : {h.ClusterId}");
        Out.WriteLine($"\"MemberID\" : {h.MemberId}");
        Out.WriteLine($"\"Revision\" : {h.Revision}");
        Out.WriteLine($"\"RaftTerm\" : {h.RaftTerm}");
    }

    private void Pairs(ResponseHeader? header, params (string Name, string Value)[] pairs)
    {
        Header(header);
        foreach ((string name, string value) in pairs)
        {
            Out.WriteLine($"\"{name}\" : {value}");
        }
    }

    private void FieldsKv(string prefix, KeyValue kv)
    {
        Out.WriteLine($"\"{prefix}Key\" : {GoQuote(kv.Key ?? [])}");
        Out.WriteLine($"\"{prefix}CreateRevision\" : {kv.CreateRevision}");
        Out.WriteLine($"\"{prefix}ModRevision\" : {kv.ModRevision}");
        Out.WriteLine($"\"{prefix}Version\" : {kv.Version}");
        Out.WriteLine($"\"{prefix}Value\" : {GoQuote(kv.Value ?? [])}");
        Out.WriteLine($"\"{prefix}Lease\" : {kv.Lease}");
    }

    private void FieldsRange(RangeResponse r)
    {
        Header(r.Header);
        (r.Kvs ?? []).ForEach(kv => FieldsKv("", kv));
        Out.WriteLine($"\"More\" : {(r.More ? "true" : "false")}");
        Out.WriteLine($"\"Count\" : {r.Count}");
    }

    private void FieldsPut(PutResponse r)
    {
        Header(r.Header);
        if (r.PrevKv is { } previous)
        {
            FieldsKv("Prev", previous);
        }
    }

    private void FieldsDel(DeleteRangeResponse r)
    {
        Header(r.Header);
        Out.WriteLine($"\"Deleted\" : {r.Deleted}");
        (r.PrevKvs ?? []).ForEach(kv => FieldsKv("Prev", kv));
    }

    private void FieldsTxn(TxnResponse r)
    {
        Header(r.Header);
        Out.WriteLine($"\"Succeeded\" : {(r.Succeeded ? "true" : "false")}");
        foreach (ResponseOp op in r.Responses ?? [])
        {
            if (op.ResponseDeleteRange is { } delete)
            {
                FieldsDel(delete);
            }
            else if (op.ResponsePut is { } put)
            {
                FieldsPut(put);
            }
            else if (op.ResponseRange is { } range)
            {
                FieldsRange(range);
            }
        }
    }

    private int Table(string[] headers, IReadOnlyList<string[]> rows)
    {
        Out.Write(Text.Table(headers, rows));
        return CtlExit.Success;
    }

    private int Unsupported() => ctx.Fail($"{ctx.WriteOut} not supported as output format", CtlExit.BadFeature);

    private int Line(string text)
    {
        Out.WriteLine(text);
        return CtlExit.Success;
    }

    private int Each<T>(IEnumerable<T>? items, Action<T> print)
    {
        foreach (T item in items ?? [])
        {
            print(item);
        }

        return CtlExit.Success;
    }

    private static int Done(Action print)
    {
        print();
        return CtlExit.Success;
    }

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string N(ulong value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>One endpoint's health as etcdctl's <c>endpoint health</c> reports it (error null when healthy).</summary>
public sealed record EndpointHealth(string Endpoint, string Took, string? Error);
