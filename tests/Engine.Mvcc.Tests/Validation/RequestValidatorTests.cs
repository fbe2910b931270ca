using System.Text;
using Engine.Protocol;
using Engine.Protocol.Validation;

namespace Engine.Mvcc.Tests.Validation;

/// <summary>
/// The one request-validation path (engine/Protocol/Validation) against etcd 3.4.23's v3rpc key.go
/// (checkTxnRequest, checkRequestOp, checkIntervals); each expected answer was observed on Debian's etcd 3.4.23
/// through its JSON gateway.
/// </summary>
public sealed class RequestValidatorTests
{
    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    private static RequestOp Put(string key) => new() { RequestPut = new PutRequest { Key = B(key), Value = B("x") } };

    private static RequestOp Delete(string key) => new() { RequestDeleteRange = new DeleteRangeRequest { Key = B(key) } };

    private static RequestOp Nested(List<RequestOp> success, List<RequestOp>? failure = null) =>
        new() { RequestTxn = new TxnRequest { Success = success, Failure = failure ?? [] } };

    private static TxnRequest NestedPut(int depth)
    {
        var txn = new TxnRequest { Success = [Put("deep")] };
        for (int level = 1; level < depth; level++)
        {
            txn = new TxnRequest { Success = [new RequestOp { RequestTxn = txn }] };
        }

        return txn;
    }

    [Fact]
    public void Empty_request_op_is_key_not_found_as_etcd_checkRequestOp()
    {
        Assert.Same(EtcdErrors.KeyNotFound, RequestValidator.Check(new TxnRequest { Success = [new RequestOp()] }, ValidationLimits.Default));
        var nested = new TxnRequest { Failure = [Nested([new RequestOp()])] };
        Assert.Same(EtcdErrors.KeyNotFound, RequestValidator.Check(nested, ValidationLimits.Default));
    }

    [Fact]
    public void Op_with_two_requests_is_refused()
    {
        var op = new RequestOp { RequestPut = new PutRequest { Key = B("a"), Value = B("b") }, RequestRange = new RangeRequest { Key = B("a") } };
        Assert.Same(EtcdErrors.AmbiguousRequestOp, RequestValidator.Check(new TxnRequest { Success = [op] }, ValidationLimits.Default));
    }

    [Fact]
    public void Nested_txns_share_the_op_budget_so_depth_128_passes_and_129_is_too_many_ops_as_etcd_default()
    {
        Assert.Null(RequestValidator.Check(NestedPut(100), ValidationLimits.Default));
        Assert.Null(RequestValidator.Check(NestedPut(128), ValidationLimits.Default));
        Assert.Same(EtcdErrors.TooManyOps, RequestValidator.Check(NestedPut(129), ValidationLimits.Default));
    }

    [Fact]
    public void Nested_budget_is_what_the_parent_left()
    {
        // Parent lists of 3 ops leave 2 for a nested txn under --max-txn-ops 5 (etcd: maxTxnOps - opc).
        var nestedOfThree = Nested([Put("n1"), Put("n2"), Put("n3")]);
        var txn = new TxnRequest { Success = [nestedOfThree, Put("p1"), Put("p2")] };
        Assert.Same(EtcdErrors.TooManyOps, RequestValidator.Check(txn, new ValidationLimits(5)));
        Assert.Null(RequestValidator.Check(txn, new ValidationLimits(6)));
    }

    [Fact]
    public void Nesting_is_bounded_even_when_max_txn_ops_is_large()
    {
        var limits = new ValidationLimits(100_000);
        Assert.Null(RequestValidator.Check(NestedPut(ValidationLimits.MaxTxnNesting), limits));
        Assert.Same(EtcdErrors.TooManyOps, RequestValidator.Check(NestedPut(ValidationLimits.MaxTxnNesting + 1), limits));
    }

    [Fact]
    public void A_key_put_by_the_branch_and_by_a_nested_txn_is_a_duplicate()
    {
        var txn = new TxnRequest { Success = [Put("a"), Nested([Put("a")])] };
        Assert.Same(EtcdErrors.DuplicateKey, RequestValidator.Check(txn, ValidationLimits.Default));
    }

    [Fact]
    public void Then_and_else_of_a_nested_txn_may_put_the_same_key()
    {
        var txn = new TxnRequest { Success = [Nested([Put("a")], [Put("a")])] };
        Assert.Null(RequestValidator.Check(txn, ValidationLimits.Default));
    }

    [Fact]
    public void A_nested_delete_counts_for_later_siblings_only_as_etcd_unions_it_at_once()
    {
        var deleteThenPut = new TxnRequest { Success = [Nested([Delete("a")]), Nested([Put("a")])] };
        Assert.Same(EtcdErrors.DuplicateKey, RequestValidator.Check(deleteThenPut, ValidationLimits.Default));
        var putThenDelete = new TxnRequest { Success = [Nested([Put("a")]), Nested([Delete("a")])] };
        Assert.Null(RequestValidator.Check(putThenDelete, ValidationLimits.Default));
    }

    [Fact]
    public void Put_inside_a_deleted_range_is_a_duplicate()
    {
        var range = new RequestOp { RequestDeleteRange = new DeleteRangeRequest { Key = B("a"), RangeEnd = B("c") } };
        Assert.Same(EtcdErrors.DuplicateKey, RequestValidator.Check(new TxnRequest { Success = [range, Put("b")] }, ValidationLimits.Default));
        Assert.Null(RequestValidator.Check(new TxnRequest { Success = [range, Put("c")] }, ValidationLimits.Default));
    }
}
