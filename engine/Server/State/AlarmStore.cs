using System.Buffers.Binary;
using Engine.Protocol;
using Engine.Storage.Backend;
using Engine.Storage.Schema;

namespace Engine.Server.State;

/// <summary>
/// Active alarms (NOSPACE, CORRUPT) per member, persisted in the alarm bucket by the apply loop so every
/// member agrees (key: 8-byte big-endian member id + 1 byte alarm type). Thread-safe for readers.
/// </summary>
internal sealed class AlarmStore
{
    private readonly object _gate = new();
    private readonly List<AlarmMember> _active = [];

    public static AlarmStore Load(Backend backend)
    {
        var store = new AlarmStore();
        using var read = backend.ConcurrentReadTx();
        read.ForEach(Buckets.Alarm, (key, _) =>
        {
            if (key.Length == 9)
            {
                store._active.Add(new AlarmMember { MemberID = BinaryPrimitives.ReadUInt64BigEndian(key), Alarm = (AlarmType)key[8] });
            }

            return true;
        });
        return store;
    }

    public IReadOnlyList<AlarmMember> Active
    {
        get
        {
            lock (_gate)
            {
                return _active.Select(a => new AlarmMember { MemberID = a.MemberID, Alarm = a.Alarm }).ToList();
            }
        }
    }

    public bool Has(AlarmType type)
    {
        lock (_gate)
        {
            return _active.Any(a => a.Alarm == type);
        }
    }

    /// <summary>
    /// Activates (true) or deactivates an alarm; member 0 on deactivate clears it for every member. Caller
    /// holds the batch lock. Returns what etcd answers: the alarm activated, or the alarms deactivated.
    /// </summary>
    public List<AlarmMember> ChangeLocked(BatchTx tx, bool activate, ulong memberId, AlarmType type)
    {
        lock (_gate)
        {
            if (activate)
            {
                if (!_active.Any(a => a.MemberID == memberId && a.Alarm == type))
                {
                    _active.Add(new AlarmMember { MemberID = memberId, Alarm = type });
                    tx.PutLocked(Buckets.Alarm, KeyOf(memberId, type), []);
                }

                return [new AlarmMember { MemberID = memberId, Alarm = type }];
            }

            var removed = _active.Where(a => (memberId == 0 || a.MemberID == memberId) && (type == AlarmType.None || a.Alarm == type)).ToList();
            foreach (var alarm in removed)
            {
                _active.Remove(alarm);
                tx.DeleteLocked(Buckets.Alarm, KeyOf(alarm.MemberID, alarm.Alarm));
            }

            return removed.Select(a => new AlarmMember { MemberID = a.MemberID, Alarm = a.Alarm }).ToList();
        }
    }

    private static byte[] KeyOf(ulong memberId, AlarmType type)
    {
        var key = new byte[9];
        BinaryPrimitives.WriteUInt64BigEndian(key, memberId);
        key[8] = (byte)type;
        return key;
    }
}
