using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Engine.Api.Json;

/// <summary>
/// The lowerCamel spelling of every proto field name that has an underscore (<c>rangeEnd</c> →
/// <c>range_end</c>), collected once from the source-generated metadata of the gateway messages.
/// Names without an underscore (<c>ID</c>, <c>TTL</c>, <c>dbSize</c>) are the same in both spellings.
/// </summary>
public static class ProtoNames
{
    private static readonly Type[] RequestTypes =
    [
        typeof(Engine.Protocol.RangeRequest), typeof(Engine.Protocol.PutRequest),
        typeof(Engine.Protocol.DeleteRangeRequest), typeof(Engine.Protocol.TxnRequest),
        typeof(Engine.Protocol.CompactionRequest), typeof(Engine.Protocol.WatchRequest),
        typeof(Engine.Protocol.LeaseGrantRequest), typeof(Engine.Protocol.LeaseRevokeRequest),
        typeof(Engine.Protocol.LeaseKeepAliveRequest), typeof(Engine.Protocol.LeaseTimeToLiveRequest),
        typeof(Engine.Protocol.MemberListRequest), typeof(Engine.Protocol.MemberAddRequest),
        typeof(Engine.Protocol.MemberRemoveRequest), typeof(Engine.Protocol.MemberUpdateRequest),
        typeof(Engine.Protocol.MemberPromoteRequest), typeof(Engine.Protocol.HashKVRequest),
        typeof(Engine.Protocol.AlarmRequest), typeof(Engine.Protocol.DowngradeRequest), typeof(Engine.Protocol.RangeResponse),
        typeof(Engine.Protocol.TxnResponse), typeof(Engine.Protocol.WatchResponse),
        typeof(Engine.Protocol.StatusResponse), typeof(Engine.Protocol.HashKVResponse),
        typeof(Engine.Protocol.SnapshotResponse), typeof(Engine.Protocol.MemberListResponse),
    ];

    private static readonly Dictionary<string, string> s_camelToProto = Build();
    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> s_lookup =
        s_camelToProto.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Number of lowerCamel aliases known.</summary>
    public static int Count => s_camelToProto.Count;

    /// <summary>The proto name for a lowerCamel name given as ASCII/UTF-8 bytes, or null when it is not an alias.</summary>
    public static string? ProtoNameOf(ReadOnlySpan<byte> utf8Name)
    {
        if (utf8Name.Length == 0 || utf8Name.Length > 64 || utf8Name.IndexOfAnyInRange((byte)'A', (byte)'Z') < 0)
        {
            return null;
        }

        Span<char> chars = stackalloc char[utf8Name.Length];
        for (int i = 0; i < utf8Name.Length; i++)
        {
            chars[i] = (char)utf8Name[i];
        }

        return s_lookup.TryGetValue(chars, out string? proto) ? proto : null;
    }

    /// <summary>lowerCamel of a proto name: <c>min_mod_revision</c> → <c>minModRevision</c>.</summary>
    public static string ToLowerCamel(string protoName)
    {
        var builder = new System.Text.StringBuilder(protoName.Length);
        bool upper = false;
        foreach (char c in protoName)
        {
            if (c == '_')
            {
                upper = true;
                continue;
            }

            builder.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }

        return builder.ToString();
    }

    private static Dictionary<string, string> Build()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var seen = new HashSet<Type>();
        var protoNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonTypeInfo info in Roots())
        {
            Collect(info, map, seen, protoNames);
        }

        // An alias that is itself some message's proto name (raft_term → raftTerm, and StatusResponse's
        // own raftTerm) must never be rewritten.
        foreach (string name in protoNames)
        {
            map.Remove(name);
        }

        return map;
    }

    private static IEnumerable<JsonTypeInfo> Roots()
    {
        JsonSerializerOptions options = GatewayJson.Options;
        foreach (Type type in RequestTypes)
        {
            yield return options.GetTypeInfo(type);
        }
    }

    private static void Collect(JsonTypeInfo info, Dictionary<string, string> map, HashSet<Type> seen, HashSet<string> protoNames)
    {
        if (!seen.Add(info.Type))
        {
            return;
        }

        if (info.ElementType is Type element && GatewayJson.Options.TryGetTypeInfo(element, out JsonTypeInfo? elementInfo))
        {
            Collect(elementInfo, map, seen, protoNames);
        }

        if (info.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        foreach (JsonPropertyInfo property in info.Properties)
        {
            protoNames.Add(property.Name);
            if (property.Name.Contains('_'))
            {
                map[ToLowerCamel(property.Name)] = property.Name;
            }

            if (GatewayJson.Options.TryGetTypeInfo(property.PropertyType, out JsonTypeInfo? propertyInfo))
            {
                Collect(propertyInfo, map, seen, protoNames);
            }
        }
    }
}
