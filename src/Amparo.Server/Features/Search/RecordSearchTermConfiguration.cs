using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Amparo.Server.Features.Search;

internal sealed class RecordSearchTermConfiguration : IEntityTypeConfiguration<RecordSearchTerm>
{
    public void Configure(EntityTypeBuilder<RecordSearchTerm> e)
    {
        e.ToTable("record_search_terms");
        e.Property(x => x.Kind).HasMaxLength(10);
        e.Property(x => x.Term).HasMaxLength(64);
        e.HasIndex(x => new { x.TenantId, x.Kind, x.Term, x.RecordId });
        e.HasIndex(x => x.RecordId);
    }
}
