using System.Text.Json.Serialization;

namespace Engine.Protocol;

/// <summary>Options of a new user (authpb.UserAddOptions).</summary>
public sealed class UserAddOptions
{
    /// <summary>The user has no password: it authenticates only by a verified client certificate's CN.</summary>
    [JsonPropertyName("no_password")]
    public bool NoPassword { get; set; }
}
