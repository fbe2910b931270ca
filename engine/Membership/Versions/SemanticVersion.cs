using System.Globalization;

namespace Engine.Membership.Versions;

/// <summary>
/// A semantic version (semver.org 2.0) as etcd handles server, cluster and storage versions:
/// <c>major.minor.patch[-prerelease][+build]</c>, an optional leading <c>v</c>. Build metadata is
/// dropped (it never takes part in comparisons). Precedence is semver's: numbers first, then a
/// version with a pre-release sorts before the same version without one.
/// </summary>
public readonly record struct SemanticVersion : IComparable<SemanticVersion>
{
    // null for a release, so that default(SemanticVersion) equals new(0, 0, 0).
    private readonly string? _preRelease;

    public SemanticVersion(int major, int minor, int patch, string preRelease = "")
    {
        ArgumentOutOfRangeException.ThrowIfNegative(major);
        ArgumentOutOfRangeException.ThrowIfNegative(minor);
        ArgumentOutOfRangeException.ThrowIfNegative(patch);
        Major = major;
        Minor = minor;
        Patch = patch;
        _preRelease = string.IsNullOrEmpty(preRelease) ? null : preRelease;
    }


    public int Major { get; }

    public int Minor { get; }

    public int Patch { get; }

    /// <summary>The pre-release identifiers without the dash ("alpha.0"), or "" for a release.</summary>
    public string PreRelease => _preRelease ?? "";

    /// <summary>The oldest cluster version etcd knows (api/version MinClusterVersion).</summary>
    public static SemanticVersion MinClusterVersion => new(3, 0, 0);

    /// <summary>Only major.minor, as etcd keeps cluster and storage versions ("3.6.2-rc.1" → "3.6.0").</summary>
    public SemanticVersion MajorMinor => new(Major, Minor, 0);

    /// <summary>etcd's version.Cluster text: "major.minor" ("3.6").</summary>
    public string ClusterText => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}");

    /// <summary>
    /// Strict parse (semver's StrictNewVersion, with etcd's optional "v"): all three numbers are required,
    /// without leading zeros.
    /// </summary>
    public static bool TryParse(string? text, out SemanticVersion version) => TryParseCore(text, requireAllParts: true, out version);

    /// <summary>
    /// Lenient parse (semver's NewVersion): "3", "3.5" and "v3.5.1" are accepted; missing parts are 0.
    /// </summary>
    public static bool TryParseLenient(string? text, out SemanticVersion version) => TryParseCore(text, requireAllParts: false, out version);

    /// <summary>Strict parse that throws a <see cref="FormatException"/> naming the text.</summary>
    public static SemanticVersion Parse(string text) =>
        TryParse(text, out var version) ? version : throw new FormatException($"'{text}' is not a semantic version (major.minor.patch)");

    public int CompareTo(SemanticVersion other)
    {
        int byNumbers = Major != other.Major ? Major.CompareTo(other.Major)
            : Minor != other.Minor ? Minor.CompareTo(other.Minor)
            : Patch.CompareTo(other.Patch);
        return byNumbers != 0 ? byNumbers : ComparePreRelease(PreRelease, other.PreRelease);
    }

    public static bool operator <(SemanticVersion left, SemanticVersion right) => left.CompareTo(right) < 0;

    public static bool operator >(SemanticVersion left, SemanticVersion right) => left.CompareTo(right) > 0;

    public static bool operator <=(SemanticVersion left, SemanticVersion right) => left.CompareTo(right) <= 0;

    public static bool operator >=(SemanticVersion left, SemanticVersion right) => left.CompareTo(right) >= 0;

    public override string ToString() => PreRelease.Length == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{Patch}")
        : string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}.{Patch}-{PreRelease}");

    private static bool TryParseCore(string? text, bool requireAllParts, out SemanticVersion version)
    {
        version = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        ReadOnlySpan<char> rest = text.AsSpan();
        if (rest[0] is 'v' or 'V')
        {
            rest = rest[1..];
        }

        int plus = rest.IndexOf('+');
        if (plus >= 0)
        {
            if (!AreValidIdentifiers(rest[(plus + 1)..], forPreRelease: false))
            {
                return false;
            }

            rest = rest[..plus];
        }

        string preRelease = "";
        int dash = rest.IndexOf('-');
        if (dash >= 0)
        {
            if (!AreValidIdentifiers(rest[(dash + 1)..], forPreRelease: true))
            {
                return false;
            }

            preRelease = rest[(dash + 1)..].ToString();
            rest = rest[..dash];
        }

        Span<int> numbers = stackalloc int[3];
        int count = 0;
        foreach (var range in rest.Split('.'))
        {
            if (count == 3 || !TryParseNumber(rest[range], out numbers[count]))
            {
                return false;
            }

            count++;
        }

        if (requireAllParts && count != 3)
        {
            return false;
        }

        version = new SemanticVersion(numbers[0], numbers[1], numbers[2], preRelease);
        return true;
    }

    private static bool TryParseNumber(ReadOnlySpan<char> digits, out int value)
    {
        value = 0;
        if (digits.Length == 0 || (digits.Length > 1 && digits[0] == '0'))
        {
            return false;
        }

        foreach (char c in digits)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    private static bool AreValidIdentifiers(ReadOnlySpan<char> identifiers, bool forPreRelease)
    {
        if (identifiers.Length == 0)
        {
            return false;
        }

        foreach (var range in identifiers.Split('.'))
        {
            var id = identifiers[range];
            if (id.Length == 0)
            {
                return false;
            }

            bool numeric = true;
            foreach (char c in id)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-')
                {
                    return false;
                }

                numeric &= char.IsAsciiDigit(c);
            }

            if (forPreRelease && numeric && id.Length > 1 && id[0] == '0')
            {
                return false;
            }
        }

        return true;
    }

    private static int ComparePreRelease(string left, string right)
    {
        // A release outranks any pre-release of the same numbers.
        if (left.Length == 0 || right.Length == 0)
        {
            return (left.Length == 0, right.Length == 0) switch
            {
                (true, true) => 0,
                (true, false) => 1,
                _ => -1,
            };
        }

        string[] a = left.Split('.');
        string[] b = right.Split('.');
        for (int i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            int order = CompareIdentifier(a[i], b[i]);
            if (order != 0)
            {
                return order;
            }
        }

        return a.Length.CompareTo(b.Length);
    }

    private static int CompareIdentifier(string a, string b)
    {
        bool aNumeric = a.All(char.IsAsciiDigit);
        bool bNumeric = b.All(char.IsAsciiDigit);
        return (aNumeric, bNumeric) switch
        {
            (true, true) => a.Length != b.Length ? a.Length.CompareTo(b.Length) : string.CompareOrdinal(a, b),
            (true, false) => -1,
            (false, true) => 1,
            _ => string.CompareOrdinal(a, b),
        };
    }
}
