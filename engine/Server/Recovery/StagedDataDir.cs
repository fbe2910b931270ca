using Engine.Common.IO;

namespace Engine.Server.Recovery;

/// <summary>
/// A data directory built beside its final path (<c>&lt;data-dir&gt;.restore-&lt;random&gt;</c>) and moved into place
/// only when complete, so a failure leaves the target as it was. The target must not exist or be an empty
/// directory. Directories are created 0700 and every file is made 0600 before the move; the parent directory
/// is fsynced after it. Disposing an unpublished stage deletes it.
/// </summary>
internal sealed class StagedDataDir : IDisposable
{
    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly string _target;
    private bool _published;

    private StagedDataDir(string target, string path)
    {
        _target = target;
        Path = path;
    }

    /// <summary>The staging directory being filled.</summary>
    public string Path { get; }

    public string MemberDir => System.IO.Path.Combine(Path, "member");

    public string SnapDir => System.IO.Path.Combine(MemberDir, "snap");

    public string WalDir => System.IO.Path.Combine(MemberDir, "wal");

    /// <summary>Refuses a target that holds anything, then creates the staging tree (member/snap, member/wal).</summary>
    public static StagedDataDir Create(string dataDir)
    {
        string target = System.IO.Path.GetFullPath(dataDir).TrimEnd('/');
        RequireEmptyOrMissing(target);
        string parent = System.IO.Path.GetDirectoryName(target) ?? throw new ArgumentException($"--data-dir {dataDir} has no parent directory");
        if (!Directory.Exists(parent))
        {
            CreatePrivateDirectory(parent);
        }

        var stage = new StagedDataDir(target, $"{target}.restore-{Guid.NewGuid():N}");
        foreach (string dir in new[] { stage.Path, stage.MemberDir, stage.SnapDir, stage.WalDir })
        {
            CreatePrivateDirectory(dir);
        }

        return stage;
    }

    /// <summary>Tightens permissions, moves the stage onto the target and fsyncs the parent.</summary>
    public void Publish()
    {
        foreach (string dir in Directory.EnumerateDirectories(Path, "*", SearchOption.AllDirectories).Append(Path))
        {
            SetMode(dir, DirectoryMode);
        }

        foreach (string file in Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories))
        {
            SetMode(file, FileMode);
        }

        RequireEmptyOrMissing(_target);
        if (Directory.Exists(_target))
        {
            Directory.Delete(_target);
        }

        Directory.Move(Path, _target);
        _published = true;
        PosixFileSystem.Instance.SyncDirectory(System.IO.Path.GetDirectoryName(_target)!);
    }

    public void Dispose()
    {
        if (!_published && Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }

    private static void CreatePrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, DirectoryMode);
        }
    }

    private static void SetMode(string path, UnixFileMode mode)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }
    }

    private static void RequireEmptyOrMissing(string target)
    {
        if (File.Exists(target))
        {
            throw new IOException($"--data-dir {target} is a file");
        }

        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
        {
            throw new IOException($"--data-dir {target} exists and is not empty: restore only into a new or empty directory");
        }
    }
}
