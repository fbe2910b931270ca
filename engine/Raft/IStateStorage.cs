namespace Engine.Raft;

/// <summary>Where a node's durable raft state is read from at start: the last hard state and configuration.</summary>
public interface IStateStorage
{
    /// <summary>The persisted hard state and the configuration as of the last snapshot or applied conf change.</summary>
    (HardState HardState, ConfState ConfState) InitialState();
}
