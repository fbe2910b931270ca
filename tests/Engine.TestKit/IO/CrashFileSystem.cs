using Engine.Common.IO;

namespace Engine.TestKit.IO;

/// <summary>
/// An in-memory <see cref="IFileSystem"/> that remembers what is durable and what is not, so tests can
/// cut the power at any I/O operation and reopen what a disk would really hold.
/// <list type="bullet">
/// <item>File content becomes durable at <see cref="IStorageFile.DataSync"/>/<see cref="IStorageFile.Sync"/>.</item>
/// <item>Creates, deletes and renames become durable only at <see cref="SyncDirectory"/> of their directory.</item>
/// <item><see cref="CrashAtOperation"/>: the N-th mutating operation (1-based) throws <see cref="SimulatedCrashException"/>, and so does every later one.</item>
/// <item><see cref="FailAtOperation"/>: the N-th mutating operation throws an <see cref="IOException"/> (once, or every time after when <see cref="FailPersistently"/>).</item>
/// <item><see cref="AfterCrash"/> builds the file system a reboot would see, under a <see cref="DamageModel"/>.</item>
/// </list>
/// Memory maps point straight into the file's buffer, so writes are visible through them as with a page cache.
/// Each file reserves <c>reserveBytesPerFile</c> of address space; growing past it fails as a full disk would.
/// </summary>
public sealed class CrashFileSystem : IFileSystem, IDisposable
{
    private readonly object _gate = new();
    private readonly Dictionary<string, MemoryFile> _current = new(StringComparer.Ordinal);
    private readonly Dictionary<string, MemoryFile> _durable = new(StringComparer.Ordinal);
    private readonly HashSet<string> _directories = new(StringComparer.Ordinal);
    private readonly List<MemoryFile> _allFiles = [];
    private readonly long _reserve;
    private bool _crashed;

    public CrashFileSystem(long reserveBytesPerFile = 64L * 1024 * 1024)
    {
        _reserve = reserveBytesPerFile;
    }

    /// <summary>Mutating operations performed so far (writes, length changes, syncs, creates, renames, deletes).</summary>
    public long Operations { get; private set; }

    /// <summary>Fsyncs (file data or directory) performed so far.</summary>
    public long Syncs { get; private set; }

    /// <summary>1-based index of the operation at which the power is cut; null for never.</summary>
    public long? CrashAtOperation { get; set; }

    /// <summary>1-based index of the operation that fails with an I/O error; null for never.</summary>
    public long? FailAtOperation { get; set; }

    /// <summary>When true, every operation from <see cref="FailAtOperation"/> on fails.</summary>
    public bool FailPersistently { get; set; }

    public bool HasCrashed => _crashed;

    public IStorageFile Open(string path, bool create)
    {
        lock (_gate)
        {
            if (!_current.TryGetValue(path, out var file))
            {
                if (!create)
                {
                    throw new FileNotFoundException($"no such file: {path}", path);
                }

                BeforeMutation();
                file = new MemoryFile(_reserve);
                _allFiles.Add(file);
                _current[path] = file;
            }

            return new Handle(this, file, path);
        }
    }

    public bool FileExists(string path)
    {
        lock (_gate)
        {
            return _current.ContainsKey(path);
        }
    }

    public void DeleteFile(string path)
    {
        lock (_gate)
        {
            BeforeMutation();
            _current.Remove(path);
        }
    }

    public void Rename(string from, string to)
    {
        lock (_gate)
        {
            if (!_current.TryGetValue(from, out var file))
            {
                throw new FileNotFoundException($"no such file: {from}", from);
            }

            BeforeMutation();
            _current.Remove(from);
            _current[to] = file;
        }
    }

    public void SyncDirectory(string directory)
    {
        lock (_gate)
        {
            BeforeMutation();
            Syncs++;
            string prefix = Normalize(directory);
            foreach (string path in _durable.Keys.Where(p => InDirectory(p, prefix)).ToList())
            {
                _durable.Remove(path);
            }

            foreach (var (path, file) in _current.Where(kv => InDirectory(kv.Key, prefix)))
            {
                _durable[path] = file;
            }
        }
    }

    public void CreateDirectory(string directory)
    {
        lock (_gate)
        {
            _directories.Add(Normalize(directory));
        }
    }

    public IReadOnlyList<string> ListFiles(string directory)
    {
        lock (_gate)
        {
            string prefix = Normalize(directory);
            var names = _current.Keys.Where(p => InDirectory(p, prefix)).Select(p => p[(prefix.Length + 1)..]).ToList();
            names.Sort(StringComparer.Ordinal);
            return names;
        }
    }

    /// <summary>
    /// The file system a machine would find after the power was cut now: the durable names, each file
    /// holding its durable content plus whatever of its unsynced writes <paramref name="damage"/> lets through.
    /// </summary>
    public CrashFileSystem AfterCrash(DamageModel damage, Random random)
    {
        lock (_gate)
        {
            var next = new CrashFileSystem(_reserve);
            foreach (string dir in _directories)
            {
                next._directories.Add(dir);
            }

            var copies = new Dictionary<MemoryFile, MemoryFile>();
            foreach (var (path, file) in _durable)
            {
                if (!copies.TryGetValue(file, out var copy))
                {
                    copy = file.Survivor(damage, random, _reserve);
                    copies[file] = copy;
                    next._allFiles.Add(copy);
                }

                next._current[path] = copy;
                next._durable[path] = copy;
            }

            return next;
        }
    }

    /// <summary>The current bytes of a file (including unsynced writes), for assertions and corruption tests.</summary>
    public byte[] ReadAllBytes(string path)
    {
        lock (_gate)
        {
            return _current[path].Snapshot();
        }
    }

    /// <summary>Overwrites bytes of a file and makes them durable at once (bit-flip and corruption tests).</summary>
    public void Corrupt(string path, long offset, ReadOnlySpan<byte> bytes)
    {
        lock (_gate)
        {
            var file = _current[path];
            file.Write(offset, bytes);
            file.MakeDurable();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var file in _allFiles)
            {
                file.Free();
            }

            _allFiles.Clear();
        }
    }

    internal void BeforeMutation()
    {
        if (_crashed)
        {
            throw new SimulatedCrashException(Operations);
        }

        Operations++;
        if (CrashAtOperation == Operations)
        {
            _crashed = true;
            throw new SimulatedCrashException(Operations);
        }

        if (FailAtOperation is long failAt && (Operations == failAt || (FailPersistently && Operations > failAt)))
        {
            throw new IOException($"injected I/O error at operation {Operations}");
        }
    }

    internal object Gate => _gate;

    internal void CountSync() => Syncs++;

    private static string Normalize(string directory) => directory.TrimEnd('/');

    private static bool InDirectory(string path, string directory) =>
        path.Length > directory.Length + 1 && path.StartsWith(directory, StringComparison.Ordinal) &&
        path[directory.Length] == '/' && path.IndexOf('/', directory.Length + 1) < 0;

    private sealed unsafe class Handle : IStorageFile
    {
        private readonly CrashFileSystem _fs;
        private readonly MemoryFile _file;
        private bool _locked;

        public Handle(CrashFileSystem fs, MemoryFile file, string path)
        {
            _fs = fs;
            _file = file;
            Path = path;
        }

        public string Path { get; }

        public long Length
        {
            get
            {
                lock (_fs.Gate)
                {
                    return _file.Length;
                }
            }
        }

        public void Write(long offset, ReadOnlySpan<byte> data)
        {
            lock (_fs.Gate)
            {
                _fs.BeforeMutation();
                _file.Write(offset, data);
            }
        }

        public int Read(long offset, Span<byte> buffer)
        {
            lock (_fs.Gate)
            {
                return _file.Read(offset, buffer);
            }
        }

        public void SetLength(long length)
        {
            lock (_fs.Gate)
            {
                _fs.BeforeMutation();
                _file.SetLength(length);
            }
        }

        public void Allocate(long length)
        {
            lock (_fs.Gate)
            {
                _fs.BeforeMutation();
                if (length > _file.Length)
                {
                    _file.SetLength(length);
                }
            }
        }

        public void DataSync() => Sync();

        public void Sync()
        {
            lock (_fs.Gate)
            {
                _fs.BeforeMutation();
                _fs.CountSync();
                _file.MakeDurable();
            }
        }

        public IFileMapping Map(long capacity) => _file.Map(capacity);

        public bool TryLock()
        {
            lock (_fs.Gate)
            {
                if (_locked)
                {
                    return true;
                }

                if (_file.Locked)
                {
                    return false;
                }

                _file.Locked = true;
                _locked = true;
                return true;
            }
        }

        public void Dispose()
        {
            lock (_fs.Gate)
            {
                if (_locked)
                {
                    _file.Locked = false;
                    _locked = false;
                }
            }
        }
    }
}
