namespace Engine.TestKit.IO;

/// <summary>Thrown by <see cref="CrashFileSystem"/> at the planned crash point and by every operation after it.</summary>
public sealed class SimulatedCrashException : IOException
{
    public SimulatedCrashException(long operation) : base($"simulated crash at I/O operation {operation}")
    {
        Operation = operation;
    }

    public long Operation { get; }
}
