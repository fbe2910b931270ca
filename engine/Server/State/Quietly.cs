namespace Engine.Server.State;

/// <summary>Releasing resources after a failure (or a simulated crash) must still release what it can: errors are logged, not thrown.</summary>
internal static class Quietly
{
    public static void Run(Action release)
    {
        try
        {
            release();
        }
        catch (Exception error) when (error is IOException or Common.Errors.EngineFatalException or ObjectDisposedException or InvalidOperationException)
        {
            Console.Error.WriteLine($"shutdown: {error.Message}");
        }
    }
}
