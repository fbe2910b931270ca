namespace Engine.Protocol.Validation;

/// <summary>
/// The member's settings that request validation depends on (etcd's <c>--max-txn-ops</c>), so every front end
/// (JSON gateway, gRPC) and the apply path check a request against the same numbers.
/// </summary>
/// <param name="MaxTxnOps">The most ops in any one list (compare, success, failure) of a txn; a nested txn gets what
/// its parent's largest list left over (etcd's <c>checkTxnRequest(maxTxnOps - opc)</c>).</param>
public sealed record ValidationLimits(int MaxTxnOps)
{
    /// <summary>etcd's default <c>--max-txn-ops</c>.</summary>
    public const int DefaultMaxTxnOps = 128;

    /// <summary>
    /// The deepest txn nesting accepted (the outermost txn is level 1). etcd has no separate limit, but with its
    /// default --max-txn-ops the op budget ends at exactly this depth (depth 128 applies, 129 is "too many
    /// operations"); Engine keeps this bound for any --max-txn-ops so a request can never exhaust a stack.
    /// </summary>
    public const int MaxTxnNesting = 128;

    /// <summary>The limits of a member started with etcd's defaults.</summary>
    public static ValidationLimits Default { get; } = new(DefaultMaxTxnOps);
}
