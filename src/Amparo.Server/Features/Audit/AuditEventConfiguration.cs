using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Amparo.Server.Features.Audit;

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> e)
    {
        e.ToTable("audit_events");
        e.Property(x => x.Action).HasMaxLength(120);
        e.Property(x => x.ActorUserName).HasMaxLength(100);
        e.Property(x => x.TargetType).HasMaxLength(60);
        e.Property(x => x.TargetId).HasMaxLength(100);
        // Plain text, not jsonb: the hash covers the exact bytes, and jsonb would reformat and reorder them.
        e.Property(x => x.Detail).HasMaxLength(4000);
        e.Property(x => x.PreviousHash).HasMaxLength(64);
        e.Property(x => x.Hash).HasMaxLength(64);
        e.HasIndex(x => new { x.TenantId, x.Sequence }).IsUnique();
        e.HasIndex(x => new { x.TenantId, x.TargetType, x.TargetId });
    }
}
