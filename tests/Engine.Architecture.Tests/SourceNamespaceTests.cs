using System.Text.RegularExpressions;

namespace Engine.Architecture.Tests;

/// <summary>
/// The dependency rules of issue 16 checked on the source text, which project references alone cannot see (a
/// transitive reference makes every namespace reachable): the api uses no Engine.Mvcc / Engine.Storage types (it
/// reaches the member through Engine.Protocol and the server's services), Mvcc never uses Raft, and the B+tree
/// never uses the backend built on it. A use is a <c>using</c> directive or a qualified name in code.
/// </summary>
public sealed partial class SourceNamespaceTests
{
    private static readonly (string Folder, string Forbidden, string Why)[] Rules =
    [
        ("api", "Engine.Mvcc", "the api uses no Engine.Mvcc types (go through Engine.Protocol and the services)"),
        ("api", "Engine.Storage", "the api uses no Engine.Storage types"),
        ("engine/Mvcc", "Engine.Raft", "Mvcc never uses Raft"),
        ("engine/Storage/BTree", "Engine.Storage.Backend", "BTree never uses Backend"),
    ];

    [GeneratedRegex(@"^\s*(?://|///|\*)")]
    private static partial Regex CommentLine();

    /// <summary>The first line of <paramref name="source"/> that uses namespace <paramref name="forbidden"/>, or null.</summary>
    public static string? FindUse(string source, string forbidden)
    {
        var use = new Regex($@"(?<![\w.]){Regex.Escape(forbidden)}(\.|;|\s|$)");
        foreach (string line in source.Split('\n'))
        {
            if (!CommentLine().IsMatch(line) && use.IsMatch(line))
            {
                return line.Trim();
            }
        }

        return null;
    }

    [Fact]
    public void Source_files_use_only_the_namespaces_their_layer_may_use()
    {
        string root = ProjectGraphTests.LoadRoot();
        var violations = new List<string>();
        foreach (var (folder, forbidden, why) in Rules)
        {
            string dir = Path.Combine(root, folder);
            Assert.True(Directory.Exists(dir), dir);
            foreach (string file in Directory.GetFiles(dir, "*.cs", SearchOption.AllDirectories))
            {
                if (file.Contains("/bin/", StringComparison.Ordinal) || file.Contains("/obj/", StringComparison.Ordinal))
                {
                    continue;
                }

                if (FindUse(File.ReadAllText(file), forbidden) is { } line)
                {
                    violations.Add($"{Path.GetRelativePath(root, file)}: '{line}' ({why})");
                }
            }
        }

        Assert.Empty(violations);
    }

    [Theory]
    [InlineData("using Engine.Mvcc;", true)]
    [InlineData("using Engine.Mvcc.Lease;", true)]
    [InlineData("    var s = new Engine.Mvcc.KvStore(b);", true)]
    [InlineData("using Engine.MvccTools;", false)]
    [InlineData("/// see Engine.Mvcc for the store", false)]
    [InlineData("using My.Engine.Mvcc;", false)]
    public void A_use_is_a_using_or_a_qualified_name_outside_comments(string line, bool found)
    {
        Assert.Equal(found, FindUse("namespace X;\n" + line + "\n", "Engine.Mvcc") is not null);
    }
}
