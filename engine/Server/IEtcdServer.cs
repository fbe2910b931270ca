using Engine.Protocol.Services;

namespace Engine.Server;

/// <summary>
/// A running member as the front ends see it: etcd's five v3 services (in <c>Engine.Protocol.Services</c>)
/// plus the member's configuration. The api validates request shapes first (key present,
/// ignore_value/ignore_lease rules, sort enums, txn op count against <see cref="Options"/>.MaxTxnOps,
/// decoded size against MaxRequestBytes), so an implementation may rely on those and must check
/// everything that needs state.
/// </summary>
public interface IEtcdServer : IKvService, ILeaseService, IWatchService, IClusterService, IMaintenanceService
{
    /// <summary>The member's configuration; the api reads MaxRequestBytes and MaxTxnOps from it.</summary>
    ServerOptions Options { get; }
}
