using System.Threading.Channels;
using Amparo.Server.Platform.Tenancy;

namespace Amparo.Server.Features.Notifications;

/// <summary>One notification waiting to go out: who gets it, about what, and who caused it (never notified).</summary>
internal sealed record PendingNotification(Guid TenantId, int RecipientUserId, NotificationKind Kind, string RecordType, Guid RecordId, int? ActorUserId);

/// <summary>The in-memory queue between the requests that cause notifications and <see cref="NotificationWorker"/>.</summary>
internal sealed class NotificationQueue
{
    private readonly Channel<PendingNotification> _channel = Channel.CreateUnbounded<PendingNotification>(new UnboundedChannelOptions { SingleReader = true });

    public void Enqueue(PendingNotification item) => _channel.Writer.TryWrite(item);

    public ChannelReader<PendingNotification> Reader => _channel.Reader;
}

/// <summary>
/// The one way to notify a user about a record (approvals here; transitions and transfer requests call it too).
/// It only queues: e-mail and web push are sent by <see cref="NotificationWorker"/>, so a slow or failing mail
/// server or push service never slows or fails the request that caused the notification. Call it after the change
/// is saved. Whether anything is sent, and how, is the worker's decision (the recipient's settings, locale,
/// e-mail address and subscriptions as they are when it runs).
/// </summary>
internal sealed class NotificationService(NotificationQueue queue, TenantContext tenant)
{
    /// <param name="recipientUserId">The user to tell.</param>
    /// <param name="kind">approval_request, approval_response, transition_notification or transfer_request.</param>
    /// <param name="recordType">The record's type name: <c>case</c>, <c>incident</c>, <c>tracing_request</c>...</param>
    /// <param name="recordId">The record's id.</param>
    /// <param name="actorUserId">Who caused it; they are never notified of their own action.</param>
    public Task EnqueueAsync(int recipientUserId, NotificationKind kind, string recordType, Guid recordId, int? actorUserId, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        if (recipientUserId != actorUserId)
            queue.Enqueue(new PendingNotification(tenant.TenantId, recipientUserId, kind, recordType, recordId, actorUserId));
        return Task.CompletedTask;
    }
}
