using Amparo.Server.Platform.Data;

namespace Amparo.Server.Features.Audit;

/// <summary>
/// One security-relevant event (login, failed login, lockout, logout, role or user change). Append-only and
/// hash-chained per tenant: each event's hash covers its content and the previous event's hash, so a
/// removed or altered row breaks the chain. Details name what changed, never values such as passwords.
/// </summary>
internal sealed class AuditEvent : ITenantOwned
{
    public long Id { get; set; }
    public Guid TenantId { get; set; }
    public long Sequence { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public int? ActorUserId { get; set; }
    public string? ActorUserName { get; set; }
    public required string Action { get; set; }
    public string? TargetType { get; set; }
    public string? TargetId { get; set; }
    /// <summary>JSON: e.g. the names of the fields that changed.</summary>
    public string Detail { get; set; } = "{}";
    public required string PreviousHash { get; set; }
    public required string Hash { get; set; }
}
