using Amparo.Server.Platform.Data;

namespace Amparo.Server.Features.Notifications;

/// <summary>
/// A browser's push subscription for one user (Primero's <c>webpush_subscriptions</c>). The endpoint URL is the
/// browser vendor's; the two keys, which let anyone holding them push to that browser, are kept encrypted with
/// Data Protection and never leave the server again.
/// </summary>
internal sealed class WebPushSubscription : ITenantOwned
{
    public int Id { get; set; }
    public Guid TenantId { get; set; }
    public int UserId { get; set; }
    public required string NotificationUrl { get; set; }
    /// <summary>The subscription's <c>auth</c> secret, protected.</summary>
    public required string Auth { get; set; }
    /// <summary>The subscription's <c>p256dh</c> public key, protected.</summary>
    public required string P256dh { get; set; }
    public bool Disabled { get; set; }
    /// <summary>Deliveries that failed in a row; at <see cref="WebPushSender.MaxFailures"/> the subscription is disabled.</summary>
    public int FailedAttempts { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
