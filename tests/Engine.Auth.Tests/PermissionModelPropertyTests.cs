using System.Text;
using CsCheck;
using Engine.Auth.Passwords;
using Engine.Auth.Tokens;
using Engine.Protocol;

namespace Engine.Auth.Tests;

/// <summary>
/// Issue 21's property: random users, roles and key/range/open-ended permissions, checked for every
/// (user, request, op) against a plain model that tests each key one by one. The key universe is the short strings
/// over {a,b,c} plus each of them followed by "\0", which holds every key a permission boundary can create, so
/// "every universe key in [b, e) is allowed" is exactly "the range is covered" (etcd's merged-interval rule).
/// </summary>
public sealed class PermissionModelPropertyTests
{
    private static readonly string[] BaseKeys = ["a", "b", "c", "aa", "ab", "ac", "ba", "bb", "bc", "ca", "cb", "cc"];
    private static readonly byte[][] Universe = [.. BaseKeys.Select(Encoding.ASCII.GetBytes), .. BaseKeys.Select(k => Encoding.ASCII.GetBytes(k + "\0"))];
    private static readonly byte[] PasswordHash = PasswordHasher.Hash("pw", PasswordHasher.MinCost);

    private sealed record ModelPerm(PermissionType Type, byte[] Key, byte[] RangeEnd)
    {
        public bool Contains(byte[] k)
        {
            if (RangeEnd.Length == 0)
            {
                return k.AsSpan().SequenceEqual(Key);
            }

            bool fromKey = k.AsSpan().SequenceCompareTo(Key) >= 0;
            return RangeEnd is [0] ? fromKey : fromKey && k.AsSpan().SequenceCompareTo(RangeEnd) < 0;
        }
    }

    [Fact]
    public void StoreDecidesEveryUserKeyAndOpLikeTheModel()
    {
        Gen.Int[0, int.MaxValue].Sample(seed => RunScenario(new Random(seed)), iter: 150);
    }

    private static void RunScenario(Random rng)
    {
        var writer = new RecordingWriter();
        var store = new AuthStore(new SimpleTokenProvider(TimeSpan.FromMinutes(1), new ManualClock()));
        store.Recover(Storage.AuthStoreContents.Empty, writer);
        var roles = new Dictionary<string, List<ModelPerm>>();
        var users = new Dictionary<string, HashSet<string>>();
        BuildRandomState(rng, store, writer, roles, users);
        store.UserAdd("root", PasswordHash, false, writer);
        store.UserGrantRole("root", "root", writer);
        Assert.Null(store.AuthEnable(writer));
        users["root"] = ["root"];

        foreach (var (user, userRoles) in users)
        {
            var identity = new AuthIdentity(user, store.Revision);
            var perms = userRoles.Where(roles.ContainsKey).SelectMany(r => roles[r]).ToList();
            bool isRoot = userRoles.Contains("root");
            foreach (var (key, rangeEnd) in Requests())
            {
                foreach (var type in new[] { PermissionType.Read, PermissionType.Write })
                {
                    bool expected = isRoot || ModelAllows(perms, type, key, rangeEnd);
                    var actual = store.CheckPermission(identity, type, key, rangeEnd);
                    Assert.True(expected == (actual is null),
                        $"user {user} {type} [{Show(key)}, {Show(rangeEnd)}): model {expected}, store {actual?.Message ?? "allowed"}; perms {string.Join(" ", perms.Select(p => $"{p.Type}[{Show(p.Key)},{Show(p.RangeEnd)})"))}");
                }
            }
        }
    }

    private static void BuildRandomState(Random rng, AuthStore store, RecordingWriter writer, Dictionary<string, List<ModelPerm>> roles, Dictionary<string, HashSet<string>> users)
    {
        int roleCount = rng.Next(1, 4);
        for (int r = 0; r < roleCount; r++)
        {
            string role = "r" + r;
            Assert.Null(store.RoleAdd(role, writer));
            roles[role] = [];
            for (int p = rng.Next(0, 5); p > 0; p--)
            {
                var perm = RandomPermission(rng);
                Assert.Null(store.RoleGrantPermission(role, new KeyPermission(perm.Type, perm.Key, perm.RangeEnd), writer));
                roles[role].RemoveAll(x => x.Key.AsSpan().SequenceEqual(perm.Key) && x.RangeEnd.AsSpan().SequenceEqual(perm.RangeEnd));
                roles[role].Add(perm);
            }

            if (roles[role].Count > 0 && rng.Next(4) == 0)
            {
                var revoked = roles[role][rng.Next(roles[role].Count)];
                Assert.Null(store.RoleRevokePermission(role, revoked.Key, revoked.RangeEnd, writer));
                roles[role].Remove(revoked);
            }
        }

        for (int u = rng.Next(1, 4); u > 0; u--)
        {
            string user = "u" + u;
            Assert.Null(store.UserAdd(user, PasswordHash, false, writer));
            users[user] = [];
            foreach (string role in roles.Keys.Where(_ => rng.Next(2) == 0))
            {
                Assert.Null(store.UserGrantRole(user, role, writer));
                users[user].Add(role);
            }
        }

        if (rng.Next(3) == 0)
        {
            string deleted = roles.Keys.First();
            Assert.Null(store.RoleDelete(deleted, writer));
            roles.Remove(deleted);
        }
    }

    private static ModelPerm RandomPermission(Random rng)
    {
        var type = (PermissionType)rng.Next(3);
        byte[] key = Encoding.ASCII.GetBytes(BaseKeys[rng.Next(BaseKeys.Length)]);
        var later = BaseKeys.Select(Encoding.ASCII.GetBytes).Where(k => k.AsSpan().SequenceCompareTo(key) > 0).ToList();
        return rng.Next(3) switch
        {
            0 => new ModelPerm(type, key, []),
            1 => new ModelPerm(type, key, [0]),
            _ => later.Count == 0 ? new ModelPerm(type, key, [0]) : new ModelPerm(type, key, later[rng.Next(later.Count)]),
        };
    }

    private static IEnumerable<(byte[] Key, byte[]? RangeEnd)> Requests()
    {
        foreach (string b in BaseKeys)
        {
            byte[] key = Encoding.ASCII.GetBytes(b);
            yield return (key, null);
            yield return (key, [0]);
            foreach (string e in BaseKeys.Where(e => string.CompareOrdinal(e, b) > 0))
            {
                yield return (key, Encoding.ASCII.GetBytes(e));
            }
        }
    }

    private static bool ModelAllows(List<ModelPerm> perms, PermissionType type, byte[] key, byte[]? rangeEnd)
    {
        bool KeyAllowed(byte[] k) => perms.Any(p => (p.Type == PermissionType.ReadWrite || p.Type == type) && p.Contains(k));
        if (rangeEnd is null)
        {
            return KeyAllowed(key);
        }

        bool open = rangeEnd is [0];
        return Universe.Where(k => k.AsSpan().SequenceCompareTo(key) >= 0 && (open || k.AsSpan().SequenceCompareTo(rangeEnd) < 0)).All(KeyAllowed);
    }

    private static string Show(byte[]? bytes) => bytes is null ? "" : Encoding.ASCII.GetString(bytes).Replace("\0", "\\0", StringComparison.Ordinal);
}
