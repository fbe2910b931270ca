using Engine.Membership.Versions;

namespace Engine.Membership.Tests.Versions;

/// <summary>Semantic versions as etcd parses and orders them (semver 2.0 precedence; Masterminds/semver's strict and lenient parsers).</summary>
public sealed class SemanticVersionTests
{
    [Theory]
    [InlineData("3.6.0", 3, 6, 0, "")]
    [InlineData("v3.5.17", 3, 5, 17, "")]
    [InlineData("3.6.0-alpha.0", 3, 6, 0, "alpha.0")]
    [InlineData("3.4.23+debian", 3, 4, 23, "")]
    [InlineData("10.20.30-rc.1+build.5", 10, 20, 30, "rc.1")]
    public void Strict_parse_reads_major_minor_patch_prerelease_and_drops_build_metadata(string text, int major, int minor, int patch, string pre)
    {
        Assert.True(SemanticVersion.TryParse(text, out var v));
        Assert.Equal(new SemanticVersion(major, minor, patch, pre), v);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("3.6")]
    [InlineData("3")]
    [InlineData("3.6.0.1")]
    [InlineData("03.6.0")]
    [InlineData("3.6.x")]
    [InlineData("3.6.0-")]
    [InlineData("3.6.0-01")]
    [InlineData("3.6.0+")]
    [InlineData("three")]
    [InlineData("-3.6.0")]
    [InlineData("3.6.99999999999")]
    public void Strict_parse_refuses_anything_but_three_plain_numbers(string? text)
    {
        Assert.False(SemanticVersion.TryParse(text, out _));
    }

    [Theory]
    [InlineData("3", "3.0.0")]
    [InlineData("3.5", "3.5.0")]
    [InlineData("v3.5", "3.5.0")]
    [InlineData("3.5.2", "3.5.2")]
    public void Lenient_parse_fills_missing_parts_with_zero_as_NewVersion_does(string text, string expected)
    {
        Assert.True(SemanticVersion.TryParseLenient(text, out var v));
        Assert.Equal(expected, v.ToString());
    }

    [Fact]
    public void Precedence_follows_semver_numbers_then_prerelease()
    {
        string[] ascending =
        [
            "3.4.0", "3.4.23", "3.5.0-alpha", "3.5.0-alpha.1", "3.5.0-alpha.beta", "3.5.0-beta.2", "3.5.0-beta.11",
            "3.5.0-rc.1", "3.5.0", "3.6.0", "3.10.0", "4.0.0",
        ];
        for (int i = 0; i + 1 < ascending.Length; i++)
        {
            var lower = SemanticVersion.Parse(ascending[i]);
            var higher = SemanticVersion.Parse(ascending[i + 1]);
            Assert.True(lower < higher, $"{lower} < {higher}");
            Assert.True(higher > lower, $"{higher} > {lower}");
            Assert.Equal(0, lower.CompareTo(SemanticVersion.Parse(ascending[i])));
        }
    }

    [Fact]
    public void MajorMinor_and_ClusterText_keep_only_major_minor_as_etcd_cluster_versions_do()
    {
        var v = SemanticVersion.Parse("3.6.2-rc.1");
        Assert.Equal(new SemanticVersion(3, 6, 0), v.MajorMinor);
        Assert.Equal("3.6", v.ClusterText);
        Assert.Equal("3.6.2-rc.1", v.ToString());
        Assert.Equal(new SemanticVersion(0, 0, 0), default);
    }

    [Fact]
    public void Parse_names_the_malformed_text()
    {
        var e = Assert.Throws<FormatException>(() => SemanticVersion.Parse("3.x"));
        Assert.Contains("'3.x'", e.Message);
    }
}
