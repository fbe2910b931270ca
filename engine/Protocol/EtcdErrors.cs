namespace Engine.Protocol;

/// <summary>etcd's well-known errors with their exact texts (etcd api/v3rpc/rpctypes/error.go).</summary>
public static partial class EtcdErrors
{
    // OutOfRange
    public static readonly EtcdError Compacted = new(GrpcCode.OutOfRange, "etcdserver: mvcc: required revision has been compacted");
    public static readonly EtcdError FutureRevision = new(GrpcCode.OutOfRange, "etcdserver: mvcc: required revision is a future revision");
    public static readonly EtcdError LeaseTtlTooLarge = new(GrpcCode.OutOfRange, "etcdserver: too large lease TTL");

    // ResourceExhausted
    public static readonly EtcdError NoSpace = new(GrpcCode.ResourceExhausted, "etcdserver: mvcc: database space exceeded");
    public static readonly EtcdError TooManyRequests = new(GrpcCode.ResourceExhausted, "etcdserver: too many requests");

    // InvalidArgument
    public static readonly EtcdError EmptyKey = new(GrpcCode.InvalidArgument, "etcdserver: key is not provided");
    public static readonly EtcdError KeyNotFound = new(GrpcCode.InvalidArgument, "etcdserver: key not found");
    public static readonly EtcdError ValueProvided = new(GrpcCode.InvalidArgument, "etcdserver: value is provided");
    public static readonly EtcdError LeaseProvided = new(GrpcCode.InvalidArgument, "etcdserver: lease is provided");
    public static readonly EtcdError TooManyOps = new(GrpcCode.InvalidArgument, "etcdserver: too many operations in txn request");
    /// <summary>Engine's own: a txn op that sets more than one request (etcd's gateway silently keeps one).</summary>
    public static readonly EtcdError AmbiguousRequestOp = new(GrpcCode.InvalidArgument, "etcdserver: a request op must set exactly one of request_range, request_put, request_delete_range, request_txn");
    public static readonly EtcdError DuplicateKey = new(GrpcCode.InvalidArgument, "etcdserver: duplicate key given in txn request");
    public static readonly EtcdError InvalidSortOption = new(GrpcCode.InvalidArgument, "etcdserver: invalid sort option");
    public static readonly EtcdError RequestTooLarge = new(GrpcCode.InvalidArgument, "etcdserver: request is too large");
    public static readonly EtcdError MemberUrlsInvalid = new(GrpcCode.InvalidArgument, "etcdserver: given member URLs are invalid");
    public static readonly EtcdError WrongDowngradeVersionFormat = new(GrpcCode.InvalidArgument, "etcdserver: wrong downgrade target version format");
    public static readonly EtcdError UnknownMethod = new(GrpcCode.InvalidArgument, "etcdserver: unknown method");
    public static readonly EtcdError InvalidDowngradeTargetVersion = new(GrpcCode.InvalidArgument, "etcdserver: invalid downgrade target version");

    // NotFound
    public static readonly EtcdError LeaseNotFound = new(GrpcCode.NotFound, "etcdserver: requested lease not found");
    public static readonly EtcdError MemberNotFound = new(GrpcCode.NotFound, "etcdserver: member not found");

    // FailedPrecondition
    public static readonly EtcdError LeaseExists = new(GrpcCode.FailedPrecondition, "etcdserver: lease already exists");
    public static readonly EtcdError MemberExists = new(GrpcCode.FailedPrecondition, "etcdserver: member ID already exist");
    public static readonly EtcdError PeerUrlExists = new(GrpcCode.FailedPrecondition, "etcdserver: Peer URLs already exists");
    public static readonly EtcdError NotEnoughStartedMembers = new(GrpcCode.FailedPrecondition, "etcdserver: re-configuration failed due to not enough started members");
    public static readonly EtcdError MemberNotLearner = new(GrpcCode.FailedPrecondition, "etcdserver: can only promote a learner member");
    public static readonly EtcdError LearnerNotReady = new(GrpcCode.FailedPrecondition, "etcdserver: can only promote a learner member which is in sync with leader");
    public static readonly EtcdError TooManyLearners = new(GrpcCode.FailedPrecondition, "etcdserver: too many learner members in cluster");
    public static readonly EtcdError NotLeader = new(GrpcCode.FailedPrecondition, "etcdserver: not leader");
    public static readonly EtcdError NotSupportedForLearner = new(GrpcCode.FailedPrecondition, "etcdserver: rpc not supported for learner");
    public static readonly EtcdError BadLeaderTransferee = new(GrpcCode.FailedPrecondition, "etcdserver: bad leader transferee");
    public static readonly EtcdError ClusterVersionUnavailable = new(GrpcCode.FailedPrecondition, "etcdserver: cluster version not found during downgrade");
    public static readonly EtcdError DowngradeInProcess = new(GrpcCode.FailedPrecondition, "etcdserver: cluster has a downgrade job in progress");
    public static readonly EtcdError NoInflightDowngrade = new(GrpcCode.FailedPrecondition, "etcdserver: no inflight downgrade job");

    // Unavailable
    public static readonly EtcdError NoLeader = new(GrpcCode.Unavailable, "etcdserver: no leader");
    public static readonly EtcdError LeaderChanged = new(GrpcCode.Unavailable, "etcdserver: leader changed");
    public static readonly EtcdError Timeout = new(GrpcCode.Unavailable, "etcdserver: request timed out");
    public static readonly EtcdError Stopped = new(GrpcCode.Unavailable, "etcdserver: server stopped");
    public static readonly EtcdError UnhealthyCluster = new(GrpcCode.Unavailable, "etcdserver: unhealthy cluster");

    // DataLoss
    public static readonly EtcdError Corrupt = new(GrpcCode.DataLoss, "etcdserver: corrupt cluster");
}
