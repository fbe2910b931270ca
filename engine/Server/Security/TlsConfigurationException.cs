namespace Engine.Server.Security;

/// <summary>A TLS flag or file that cannot be used (missing, unreadable, mismatched key, bad version); the message names it.</summary>
public sealed class TlsConfigurationException(string message, Exception? inner = null) : Exception(message, inner);
