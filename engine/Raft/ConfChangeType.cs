namespace Engine.Raft;

/// <summary>The kinds of single-step membership change.</summary>
public enum ConfChangeType : byte
{
    /// <summary>Adds a voter, or promotes a learner to voter.</summary>
    AddNode = 0,

    /// <summary>Removes a voter or learner.</summary>
    RemoveNode = 1,

    /// <summary>Changes nothing in raft (the application updates its member record).</summary>
    UpdateNode = 2,

    /// <summary>Adds a non-voting learner, or demotes a voter to learner.</summary>
    AddLearnerNode = 3,
}
