using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Amparo.Server.Features.Audit;

/// <summary>
/// An audit event written but not yet chained. Writers only insert here — in their own transaction, so the event
/// commits with the change it describes — and never wait for the chain; <see cref="AuditChainer"/> moves ready rows
/// into <see cref="AuditEvent"/>'s hash chain in order. A request's event is written as not ready when the request
/// changes a record (with the change, status not known yet) and made ready before its answer goes out; a row a dead
/// process left not ready is chained anyway after <see cref="AuditChainer.Abandoned"/>, with no status.
/// </summary>
internal sealed class AuditOutboxEntry : AuditContent
{
    public long Id { get; set; }
    public bool Ready { get; set; }

    /// <summary>A row for the outbox, however the event arose (security event, API call, background change).</summary>
    public static AuditOutboxEntry Of(Guid tenantId, DateTimeOffset at, int? actorId, string? actorName, string action, string? targetType,
        string? targetId, JsonObject detail, bool ready) => new()
    {
        TenantId = tenantId,
        OccurredAt = at,
        ActorUserId = actorId,
        ActorUserName = actorName,
        Action = action.Length > 120 ? action[..120] : action,
        TargetType = targetType,
        TargetId = targetId,
        Detail = detail.ToJsonString(),
        Ready = ready,
    };
}

internal sealed class AuditOutboxEntryConfiguration : IEntityTypeConfiguration<AuditOutboxEntry>
{
    public void Configure(EntityTypeBuilder<AuditOutboxEntry> e)
    {
        e.ToTable("audit_outbox");
        AuditContent.ConfigureColumns(e);
        e.HasIndex(x => new { x.TenantId, x.Id });
    }
}
