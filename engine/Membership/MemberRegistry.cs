using System.Text;
using System.Text.Json;
using Engine.Storage.Backend;
using Engine.Storage.Schema;

namespace Engine.Membership;

/// <summary>
/// The cluster's members, kept in memory and persisted in the members / members_removed buckets by the
/// apply loop, under the backend batch lock, in the same transaction as the consistent index of the
/// conf change that caused the change. Removed ids are remembered forever and can never rejoin.
/// Thread-safe for readers; mutations come from the apply loop only.
/// </summary>
public sealed class MemberRegistry
{
    private readonly object _gate = new();
    private readonly Dictionary<ulong, MemberRecord> _members = [];
    private readonly HashSet<ulong> _removed = [];

    /// <summary>Loads the members persisted in <paramref name="backend"/>.</summary>
    public static MemberRegistry Load(Backend backend)
    {
        var registry = new MemberRegistry();
        using var read = backend.ConcurrentReadTx();
        read.ForEach(Buckets.Members, (key, value) =>
        {
            var member = JsonSerializer.Deserialize(value, MemberRecordJsonContext.Default.MemberRecord);
            if (member is not null)
            {
                registry._members[member.Id] = member;
            }

            return true;
        });
        read.ForEach(Buckets.MembersRemoved, (key, _) =>
        {
            registry._removed.Add(ulong.Parse(Encoding.ASCII.GetString(key), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture));
            return true;
        });
        return registry;
    }

    public IReadOnlyList<MemberRecord> Members
    {
        get
        {
            lock (_gate)
            {
                return _members.Values.OrderBy(m => m.Id).Select(m => m.Clone()).ToList();
            }
        }
    }

    public MemberRecord? Find(ulong id)
    {
        lock (_gate)
        {
            return _members.TryGetValue(id, out var m) ? m.Clone() : null;
        }
    }

    /// <summary>Ids of the members removed for good, in ascending order.</summary>
    public IReadOnlyList<ulong> RemovedIds
    {
        get
        {
            lock (_gate)
            {
                return _removed.Order().ToList();
            }
        }
    }

    public bool IsRemoved(ulong id)
    {
        lock (_gate)
        {
            return _removed.Contains(id);
        }
    }

    /// <summary>Adds or replaces a member (caller holds the backend batch lock).</summary>
    public void UpsertLocked(BatchTx tx, MemberRecord member)
    {
        tx.PutLocked(Buckets.Members, KeyOf(member.Id), JsonSerializer.SerializeToUtf8Bytes(member, MemberRecordJsonContext.Default.MemberRecord));
        lock (_gate)
        {
            _members[member.Id] = member.Clone();
        }
    }

    /// <summary>
    /// Records a started member's name and client URLs (caller holds the backend batch lock). Returns the
    /// member as stored, or null when it is not (or no longer) a member: etcd ignores attributes of removed members.
    /// </summary>
    public MemberRecord? SetAttributesLocked(BatchTx tx, ulong id, string? name, List<string>? clientUrls)
    {
        MemberRecord updated;
        lock (_gate)
        {
            if (!_members.TryGetValue(id, out var member))
            {
                return null;
            }

            updated = member.Clone();
        }

        updated.Name = name;
        updated.ClientUrls = clientUrls is null ? null : [.. clientUrls];
        UpsertLocked(tx, updated);
        return updated.Clone();
    }

    /// <summary>Removes a member for good (caller holds the backend batch lock).</summary>
    public void RemoveLocked(BatchTx tx, ulong id)
    {
        tx.DeleteLocked(Buckets.Members, KeyOf(id));
        tx.PutLocked(Buckets.MembersRemoved, KeyOf(id), "removed"u8);
        lock (_gate)
        {
            _members.Remove(id);
            _removed.Add(id);
        }
    }

    private static byte[] KeyOf(ulong id) => Encoding.ASCII.GetBytes(MemberIdentity.ToHex(id));
}
