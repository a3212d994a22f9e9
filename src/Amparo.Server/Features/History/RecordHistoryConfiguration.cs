using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Amparo.Server.Features.History;

internal sealed class RecordHistoryConfiguration : IEntityTypeConfiguration<RecordHistory>
{
    public void Configure(EntityTypeBuilder<RecordHistory> e)
    {
        e.ToTable("record_histories");
        e.Property(x => x.RecordType).HasMaxLength(30);
        e.Property(x => x.Action).HasMaxLength(20);
        e.Property(x => x.UserName).HasMaxLength(100);
        e.Property(x => x.Changes).IsJsonDocument();
        e.HasIndex(x => new { x.TenantId, x.RecordId, x.Id });
    }
}
