namespace Amparo.Server.Features.Transitions;

/// <summary>
/// Told every time a transition is created or answered, after its transaction committed. This is where e-mail and
/// web push hook in (primero-domain §7.7: the recipient on a new transition, the sender on an answer, each by their
/// notification settings); implementations must carry no case content beyond ids and links.
/// </summary>
internal interface ITransitionNotifier
{
    Task NotifyAsync(Transition transition, CancellationToken ct);
}
