namespace Engine.Protocol;

/// <summary>
/// The result of a request: either a response or one of etcd's expected errors (never both).
/// Expected failures travel as values; exceptions are kept for environmental failures and bugs.
/// </summary>
public readonly struct Outcome<T>
    where T : class
{
    private Outcome(T? value, EtcdError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }

    public EtcdError? Error { get; }

    public bool IsError => Error is not null;

    public static Outcome<T> Ok(T value) => new(value, null);

    public static Outcome<T> Fail(EtcdError error) => new(null, error);

    public static implicit operator Outcome<T>(T value) => Ok(value);

    public static implicit operator Outcome<T>(EtcdError error) => Fail(error);
}
