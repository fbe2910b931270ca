using System.Xml.Linq;

namespace Engine.Architecture.Tests;

/// <summary>
/// The dependency rules of ARCHITECTURE.md, checked on the project files themselves: no cycles; Raft
/// references Common only; Wal never references Raft; api references Server (and Common) only.
/// </summary>
public sealed class ProjectGraphTests
{
    private static readonly string Root = FindRoot();

    /// <summary>The repository root (the folder holding Engine.sln).</summary>
    public static string LoadRoot() => Root;

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Engine.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Engine.sln not found above the test directory");
    }

    /// <summary>Project name → names of the projects it references directly, for engine/ and api/.</summary>
    public static Dictionary<string, List<string>> LoadGraph(string root)
    {
        var graph = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (string top in new[] { "engine", "api" })
        {
            foreach (string csproj in Directory.GetFiles(Path.Combine(root, top), "*.csproj", SearchOption.AllDirectories))
            {
                var refs = XDocument.Load(csproj).Descendants("ProjectReference")
                    .Select(e => Path.GetFileNameWithoutExtension(e.Attribute("Include")!.Value))
                    .ToList();
                graph[Path.GetFileNameWithoutExtension(csproj)] = refs;
            }
        }

        return graph;
    }

    public static HashSet<string> Reachable(Dictionary<string, List<string>> graph, string from)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>(graph.GetValueOrDefault(from) ?? []);
        while (stack.Count > 0)
        {
            string next = stack.Pop();
            if (seen.Add(next))
            {
                foreach (string r in graph.GetValueOrDefault(next) ?? [])
                {
                    stack.Push(r);
                }
            }
        }

        return seen;
    }

    public static string? FindViolation(Dictionary<string, List<string>> graph)
    {
        foreach (string project in graph.Keys)
        {
            if (Reachable(graph, project).Contains(project))
            {
                return $"cycle through {project}";
            }
        }

        var rules = new (string Project, Func<string, bool> Forbidden, string Why)[]
        {
            ("Engine.Raft", r => r != "Engine.Common", "Raft references Common only"),
            ("Engine.Wal", r => r != "Engine.Common", "Wal references Common only (never Raft)"),
            ("Engine.Api", r => r is not ("Engine.Server" or "Engine.Common"), "api references Server (and Common) only"),
        };
        foreach (var (project, forbidden, why) in rules)
        {
            foreach (string r in graph.GetValueOrDefault(project) ?? [])
            {
                if (forbidden(r))
                {
                    return $"{project} references {r}: {why}";
                }
            }
        }

        if (graph.TryGetValue("Engine.Raft", out _) && Reachable(graph, "Engine.Raft").Any(r => r.StartsWith("Engine.Storage", StringComparison.Ordinal) || r == "Engine.Wal"))
        {
            return "Engine.Raft reaches Storage or Wal";
        }

        return null;
    }

    [Fact]
    public void Repository_project_graph_follows_the_architecture()
    {
        var graph = LoadGraph(Root);
        Assert.Contains("Engine.Raft", graph.Keys);
        Assert.Contains("Engine.Api", graph.Keys);
        Assert.Null(FindViolation(graph));
    }

    [Fact]
    public void A_cycle_is_reported()
    {
        var graph = new Dictionary<string, List<string>> { ["A"] = ["B"], ["B"] = ["A"] };
        Assert.StartsWith("cycle", FindViolation(graph));
    }

    [Fact]
    public void Raft_referencing_storage_is_reported()
    {
        var graph = new Dictionary<string, List<string>> { ["Engine.Raft"] = ["Engine.Storage.BTree"], ["Engine.Storage.BTree"] = [] };
        Assert.Contains("Raft references Common only", FindViolation(graph));
    }

    [Fact]
    public void Wal_referencing_raft_is_reported()
    {
        var graph = new Dictionary<string, List<string>> { ["Engine.Wal"] = ["Engine.Raft"], ["Engine.Raft"] = ["Engine.Common"] };
        Assert.Contains("Wal references Common only", FindViolation(graph));
    }

    [Fact]
    public void Api_referencing_anything_but_server_is_reported()
    {
        var graph = new Dictionary<string, List<string>> { ["Engine.Api"] = ["Engine.Server", "Engine.Mvcc"] };
        Assert.Contains("api references Server", FindViolation(graph));
    }
}
