using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Amparo.Server.Features.Alerts;

internal sealed class AlertConfiguration : IEntityTypeConfiguration<Alert>
{
    public void Configure(EntityTypeBuilder<Alert> e)
    {
        e.ToTable("alerts");
        e.Property(x => x.RecordType).HasMaxLength(30);
        e.Property(x => x.AlertFor).HasMaxLength(50);
        e.Property(x => x.Type).HasMaxLength(100);
        e.Property(x => x.FormUniqueId).HasMaxLength(100);
        e.Property(x => x.CreatedBy).HasMaxLength(100);
        e.HasIndex(x => new { x.TenantId, x.RecordId });
        e.HasIndex(x => new { x.TenantId, x.UniqueId }).IsUnique();
    }
}
