using Amparo.Server.Features.Records;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Amparo.Server.Features.CaseRelationships;

internal sealed class CaseRelationshipConfiguration : IEntityTypeConfiguration<CaseRelationship>
{
    public void Configure(EntityTypeBuilder<CaseRelationship> e)
    {
        e.ToTable("case_relationships");
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(x => x.RelationshipType).HasMaxLength(50);
        e.Property(x => x.CreatedBy).HasMaxLength(100);
        e.HasIndex(x => new { x.TenantId, x.FromCaseId, x.ToCaseId, x.RelationshipType }).IsUnique();
        e.HasIndex(x => new { x.TenantId, x.ToCaseId });
        e.HasOne<RecordEntity>().WithMany().HasForeignKey(x => x.FromCaseId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<RecordEntity>().WithMany().HasForeignKey(x => x.ToCaseId).OnDelete(DeleteBehavior.Cascade);
    }
}
