namespace Amparo.Server.Features.Notifications;

/// <summary>
/// Configuration section <c>WebPush</c>. Web push is on only when both VAPID keys are given (base64url: the P-256
/// public point and private scalar); otherwise its endpoints answer as Primero's do when it is disabled.
/// </summary>
internal sealed class WebPushOptions
{
    public string? PublicKey { get; set; }
    public string? PrivateKey { get; set; }
    /// <summary>Who runs this server, for push services to contact (<c>mailto:</c> or <c>https:</c>).</summary>
    public string Subject { get; set; } = "mailto:admin@localhost";
    /// <summary>Sent to the client as <c>pause_after</c> (minutes between the client's subscription refreshes).</summary>
    public int PauseAfter { get; set; } = 1440;
    /// <summary>
    /// Accept subscription endpoints over plain http. Off by default: the server posts to whatever URL a user
    /// registers, so only https endpoints are accepted (for tests against a local fake push service only).
    /// </summary>
    public bool AllowHttpEndpoints { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(PublicKey) && !string.IsNullOrWhiteSpace(PrivateKey);
}
