namespace Engine.Common.IO;

/// <summary>A read-only memory map of a file. The pointer is valid until the mapping is disposed.</summary>
public unsafe interface IFileMapping : IDisposable
{
    byte* Pointer { get; }

    long Capacity { get; }
}
