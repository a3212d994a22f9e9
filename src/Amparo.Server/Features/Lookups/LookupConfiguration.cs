using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Amparo.Server.Features.Lookups;

internal sealed class LookupConfiguration : IEntityTypeConfiguration<Lookup>
{
    public void Configure(EntityTypeBuilder<Lookup> e)
    {
        e.ToTable("lookups");
        e.Property(x => x.UniqueId).HasMaxLength(100);
        e.Property(x => x.Name).IsJsonDocument();
        e.Property(x => x.Values).IsJsonDocument();
        e.HasIndex(x => new { x.TenantId, x.UniqueId }).IsUnique();
    }
}
