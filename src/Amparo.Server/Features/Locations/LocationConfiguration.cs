using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Amparo.Server.Features.Locations;

internal sealed class LocationConfiguration : IEntityTypeConfiguration<Location>
{
    public void Configure(EntityTypeBuilder<Location> e)
    {
        e.ToTable("locations");
        e.Property(x => x.Code).HasMaxLength(100);
        e.Property(x => x.Type).HasMaxLength(50);
        e.Property(x => x.Placename).IsJsonDocument();
        e.Property(x => x.HierarchyPath).HasMaxLength(1000);
        e.Ignore(x => x.ParentCode);
        e.Ignore(x => x.Ancestors);
        e.HasIndex(x => new { x.TenantId, x.Code }).IsUnique();
        e.HasIndex(x => new { x.TenantId, x.HierarchyPath });
    }
}
