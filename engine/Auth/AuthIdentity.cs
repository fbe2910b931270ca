namespace Engine.Auth;

/// <summary>
/// Who a request runs as (etcd's AuthInfo): a user name and the auth revision its credentials were valid at.
/// Made from a token (JWT carries the revision it was issued at; a simple token takes the store's current one)
/// or from a verified client certificate's CN (the current revision).
/// </summary>
public sealed record AuthIdentity(string UserName, ulong Revision);
