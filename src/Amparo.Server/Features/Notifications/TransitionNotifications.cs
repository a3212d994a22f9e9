using Amparo.Server.Features.Transitions;

namespace Amparo.Server.Features.Notifications;

/// <summary>
/// Who hears of a transition, by e-mail and web push (the in-app alert is the transition's own): the recipient when it
/// is made or revoked, the sender when the recipient answers. A transfer request reaches the owner once, when it is
/// made, and the requester once, if it is refused — an accepted request is followed by the transfer itself, which
/// notifies the requester as its recipient (Primero notified on every save of a request). Remote transitions have
/// nobody in Amparo to tell.
/// </summary>
internal sealed class TransitionNotifications(NotificationService notifications) : ITransitionNotifier
{
    public Task NotifyAsync(Transition transition, CancellationToken ct)
    {
        if (transition.Remote) return Task.CompletedTask;
        var kind = transition.Type == TransitionTypes.TransferRequest ? NotificationKind.TransferRequest : NotificationKind.TransitionNotification;
        var made = transition.RespondedAt is null || transition.Status == TransitionStatus.Revoked;
        if (made)
        {
            return transition.TransitionedToUserId is { } recipient
                ? notifications.EnqueueAsync(recipient, kind, transition.RecordType, transition.RecordId, transition.TransitionedByUserId, ct)
                : Task.CompletedTask;
        }
        if (transition.Type == TransitionTypes.TransferRequest && transition.Status == TransitionStatus.Accepted) return Task.CompletedTask;
        return notifications.EnqueueAsync(transition.TransitionedByUserId, kind, transition.RecordType, transition.RecordId, transition.TransitionedToUserId, ct);
    }
}
