using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;

namespace Amparo.Server.Features.Audit;

/// <summary>
/// One security-relevant event (login, failed login, lockout, logout, role or user change). Append-only and
/// hash-chained per tenant: each event's hash covers its content and the previous event's hash, so a
/// removed or altered row breaks the chain. Details name what changed, never values such as passwords.
/// </summary>
internal sealed class AuditEvent : AuditContent
{
    public long Id { get; set; }
    public long Sequence { get; set; }
    public required string PreviousHash { get; set; }
    public required string Hash { get; set; }
}

/// <summary>What an audit event says, the same whether it waits in the outbox or stands in the chain.</summary>
internal abstract class AuditContent : ITenantOwned
{
    public Guid TenantId { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public int? ActorUserId { get; set; }
    public string? ActorUserName { get; set; }
    public required string Action { get; set; }
    public string? TargetType { get; set; }
    public string? TargetId { get; set; }
    /// <summary>JSON: e.g. the names of the fields that changed.</summary>
    public string Detail { get; set; } = "{}";

    public static void ConfigureColumns<T>(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<T> e) where T : AuditContent
    {
        e.Property(x => x.Action).HasMaxLength(120);
        e.Property(x => x.ActorUserName).HasMaxLength(100);
        e.Property(x => x.TargetType).HasMaxLength(60);
        e.Property(x => x.TargetId).HasMaxLength(100);
        // Plain text, not jsonb: the hash covers the exact bytes, and jsonb would reformat and reorder them.
        e.Property(x => x.Detail).HasMaxLength(4000);
    }
}
