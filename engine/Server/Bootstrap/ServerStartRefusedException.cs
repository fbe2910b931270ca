namespace Engine.Server.Bootstrap;

/// <summary>
/// The member refuses to start for a reason the operator must fix (e.g. its server version is below the
/// cluster version recorded in its data dir). <c>engine serve</c> prints the message and exits non-zero,
/// without a stack trace.
/// </summary>
public sealed class ServerStartRefusedException(string message) : Exception(message);
