namespace Engine.Common.Errors;

/// <summary>
/// An environmental failure (I/O error, failed fsync, disk full, checksum mismatch) after which the
/// component that threw it is latched closed: it refuses further writes and never acknowledges again.
/// </summary>
public sealed class EngineFatalException : Exception
{
    public EngineFatalException(string message) : base(message) { }

    public EngineFatalException(string message, Exception inner) : base(message, inner) { }
}
