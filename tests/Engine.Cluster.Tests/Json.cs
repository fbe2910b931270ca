using System.Text;
using System.Text.Json;

namespace Engine.Cluster.Tests;

/// <summary>Reading etcd's JSON gateway answers (64-bit integers arrive as strings) and writing its requests.</summary>
internal static class Json
{
    public static ulong UInt64(JsonElement element) =>
        element.ValueKind == JsonValueKind.String ? ulong.Parse(element.GetString()!) : element.GetUInt64();

    public static long Int64(JsonElement element) =>
        element.ValueKind == JsonValueKind.String ? long.Parse(element.GetString()!) : element.GetInt64();

    public static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    public static string Put(string key, string value) => $"{{\"key\":\"{B64(key)}\",\"value\":\"{B64(value)}\"}}";

    public static string Get(string key, bool serializable = false) =>
        $"{{\"key\":\"{B64(key)}\",\"serializable\":{(serializable ? "true" : "false")}}}";

    public static string Prefix(string prefix) =>
        $"{{\"key\":\"{B64(prefix)}\",\"range_end\":\"{B64(prefix[..^1] + (char)(prefix[^1] + 1))}\",\"count_only\":true}}";
}
