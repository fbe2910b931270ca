using Engine.Raft;

namespace Engine.Server.Raft;

/// <summary>Sends raft messages to other members without blocking the raft loop (drop and report rather than wait).</summary>
internal interface IPeerSender
{
    void Send(IReadOnlyList<Message> messages);
}
