using Amparo.Server.Platform.Data;

namespace Amparo.Server.Features.Webhooks;

/// <summary>
/// An external system records are pushed to (Primero's <c>webhooks</c>): the URL, the events it takes
/// (<c>case.sync</c>, <c>case.update</c>, ...), and the secret every push is signed with, kept encrypted with the
/// server's data-protection keys and never shown again once set.
/// </summary>
internal sealed class WebhookEntity : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public required string Url { get; set; }
    /// <summary>A JSON array of event names.</summary>
    public string Events { get; set; } = "[]";
    public string? RoleUniqueId { get; set; }
    /// <summary>A JSON object the administrator keeps with the webhook (Primero's <c>metadata</c>).</summary>
    public string Metadata { get; set; } = "{}";
    public required string ProtectedSecret { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
