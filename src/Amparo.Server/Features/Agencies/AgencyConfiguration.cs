using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Amparo.Server.Features.Agencies;

internal sealed class AgencyConfiguration : IEntityTypeConfiguration<Agency>
{
    public void Configure(EntityTypeBuilder<Agency> e)
    {
        e.ToTable("agencies");
        e.Property(x => x.UniqueId).HasMaxLength(100);
        e.Property(x => x.AgencyCode).HasMaxLength(100);
        e.Property(x => x.Name).IsJsonDocument();
        e.Property(x => x.Description).IsJsonDocument();
        e.HasIndex(x => new { x.TenantId, x.UniqueId }).IsUnique();
        e.HasIndex(x => new { x.TenantId, x.AgencyCode }).IsUnique();
    }
}
