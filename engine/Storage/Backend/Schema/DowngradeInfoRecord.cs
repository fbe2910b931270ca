namespace Engine.Storage.Schema;

/// <summary>The downgrade job stored under cluster <c>downgrade</c>: target version ("3.5.0") and whether it is enabled.</summary>
public sealed record DowngradeInfoRecord(string TargetVersion, bool Enabled);
