namespace Engine.Protocol;

/// <summary>Lists every lease.</summary>
public sealed class LeaseLeasesRequest
{
}
