using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Amparo.Server.Features.Reports;

internal sealed class ReportDefinitionConfiguration : IEntityTypeConfiguration<ReportDefinition>
{
    public void Configure(EntityTypeBuilder<ReportDefinition> e)
    {
        e.ToTable("reports");
        e.Property(x => x.UniqueId).HasMaxLength(100);
        e.Property(x => x.Name).IsJsonDocument();
        e.Property(x => x.Description).IsJsonDocument();
        e.Property(x => x.ModuleId).HasMaxLength(100);
        e.Property(x => x.RecordType).HasMaxLength(30);
        e.Property(x => x.Definition).IsJsonDocument();
        e.HasIndex(x => new { x.TenantId, x.UniqueId }).IsUnique();
    }
}
