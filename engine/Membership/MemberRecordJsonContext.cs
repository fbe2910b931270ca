using System.Text.Json.Serialization;

namespace Engine.Membership;

/// <summary>Source-generated JSON for <see cref="MemberRecord"/> (members bucket values, conf change contexts).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault)]
[JsonSerializable(typeof(MemberRecord))]
public sealed partial class MemberRecordJsonContext : JsonSerializerContext
{
}
