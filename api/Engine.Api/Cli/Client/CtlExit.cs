namespace Engine.Api.Cli.Client;

/// <summary>etcdctl's exit codes (etcdctl/ctlv3/command/error.go), which scripts test for.</summary>
public static class CtlExit
{
    public const int Success = 0;
    public const int Error = 1;
    public const int BadConnection = 2;
    public const int InvalidInput = 3;
    public const int BadFeature = 4;
    public const int Interrupted = 5;
    public const int IO = 6;
    public const int BadArgs = 128;
}
