namespace Amparo.Server.Features.Notifications;

/// <summary>What a notification is about; the wire names are the keys of a user's <c>settings.notifications</c>.</summary>
internal enum NotificationKind
{
    ApprovalRequest,
    ApprovalResponse,
    TransitionNotification,
    TransferRequest,
}

internal static class NotificationKinds
{
    public static readonly IReadOnlyList<NotificationKind> All = Enum.GetValues<NotificationKind>();

    public static string WireName(this NotificationKind kind) => kind switch
    {
        NotificationKind.ApprovalRequest => "approval_request",
        NotificationKind.ApprovalResponse => "approval_response",
        NotificationKind.TransitionNotification => "transition_notification",
        NotificationKind.TransferRequest => "transfer_request",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static NotificationKind? FromWire(string name) => All.Cast<NotificationKind?>().FirstOrDefault(k => k!.Value.WireName() == name);
}
