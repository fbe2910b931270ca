namespace Engine.Server.Transport;

/// <summary>A peer connection whose TLS handshake failed (untrusted or missing certificate, disallowed CN, no common protocol).</summary>
public sealed class PeerTlsException(string message, Exception inner) : IOException(message, inner);
