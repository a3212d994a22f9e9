using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Amparo.Server.Features.Flags;

internal sealed class FlagConfiguration : IEntityTypeConfiguration<Flag>
{
    public void Configure(EntityTypeBuilder<Flag> e)
    {
        e.ToTable("flags");
        e.Property(x => x.RecordType).HasMaxLength(30);
        e.Property(x => x.Message).HasMaxLength(2000);
        e.Property(x => x.UnflagMessage).HasMaxLength(2000);
        e.Property(x => x.FlaggedBy).HasMaxLength(100);
        e.Property(x => x.UnflaggedBy).HasMaxLength(100);
        e.HasIndex(x => new { x.TenantId, x.RecordId });
        e.HasIndex(x => new { x.TenantId, x.Date });
    }
}
