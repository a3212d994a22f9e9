using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Amparo.Server.Features.Traces;

internal sealed class TraceConfiguration : IEntityTypeConfiguration<TraceEntity>
{
    public void Configure(EntityTypeBuilder<TraceEntity> e)
    {
        e.ToTable("traces");
        e.Property(x => x.TraceId).HasMaxLength(64);
        e.HasIndex(x => new { x.TenantId, x.TraceId });
        e.HasIndex(x => x.TracingRequestId);
        e.HasIndex(x => new { x.TenantId, x.MatchedCaseId });
    }
}
