using Amparo.Server.Features.Users;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Amparo.Server.Features.SavedSearches;

internal sealed class SavedSearchConfiguration : IEntityTypeConfiguration<SavedSearch>
{
    public void Configure(EntityTypeBuilder<SavedSearch> e)
    {
        e.ToTable("saved_searches");
        e.Property(x => x.Name).HasMaxLength(200);
        e.Property(x => x.RecordType).HasMaxLength(30);
        e.Property(x => x.ModuleIds).IsJsonDocument();
        e.Property(x => x.Filters).IsJsonDocument();
        e.HasIndex(x => new { x.TenantId, x.UserId });
        e.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
