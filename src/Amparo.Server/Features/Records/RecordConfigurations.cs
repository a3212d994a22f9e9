using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Amparo.Server.Features.Records;

internal sealed class RecordConfiguration : IEntityTypeConfiguration<RecordEntity>
{
    public void Configure(EntityTypeBuilder<RecordEntity> e)
    {
        e.ToTable("records");
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(x => x.RecordType).HasMaxLength(30);
        e.Property(x => x.ModuleId).HasMaxLength(100);
        e.Property(x => x.ShortId).HasMaxLength(16);
        e.Property(x => x.CaseIdDisplay).HasMaxLength(64);
        e.Property(x => x.OwnedBy).HasMaxLength(100);
        e.Property(x => x.OwnedByAgencyId).HasMaxLength(100);
        e.Property(x => x.CreatedBy).HasMaxLength(100);
        e.Property(x => x.Status).HasMaxLength(30);
        e.Property(x => x.Workflow).HasMaxLength(50);
        e.Property(x => x.Version).IsConcurrencyToken();
        e.Property(x => x.Data).IsJsonDocument();
        e.HasIndex(x => new { x.TenantId, x.RecordType, x.ShortId }).IsUnique();
        e.HasIndex(x => new { x.TenantId, x.RecordType, x.CreatedAt });
        e.HasIndex(x => new { x.TenantId, x.RecordType, x.OwnedByUserId, x.CreatedAt });
        e.HasIndex(x => new { x.TenantId, x.RecordType, x.Status });
        e.HasIndex(x => new { x.TenantId, x.IncidentCaseId });
        e.Property(x => x.IdentifiedBy).HasMaxLength(100);
        e.Property(x => x.SyncStatus).HasMaxLength(20);
        e.HasIndex(x => new { x.TenantId, x.IdentifiedByUserId });
        foreach (var facet in new[] { nameof(RecordEntity.RiskLevel), nameof(RecordEntity.Sex), nameof(RecordEntity.AgeBand), nameof(RecordEntity.Location) })
            e.Property(facet).HasMaxLength(RecordFacets.MaxLength);
        // Grouped counts (RecordCounts, ADR 0028) read only these columns: a scope's records found by id (the projections'
        // record ids) or all of a tenant's are counted from this index alone, never from the rows and their documents.
        e.HasIndex(x => new
        {
            x.Id, x.TenantId, x.RecordType, x.ModuleId, x.RecordState, x.Status, x.Workflow, x.RiskLevel, x.Sex, x.AgeBand, x.Location,
            x.OwnedByUserId, x.OwnedBy, x.FlagCount, x.TaskDue,
        }).HasDatabaseName("IX_records_facets");
    }
}

internal sealed class RecordUserConfiguration : IEntityTypeConfiguration<RecordUser>
{
    public void Configure(EntityTypeBuilder<RecordUser> e)
    {
        e.ToTable("record_users");
        e.Property(x => x.Relation).HasMaxLength(30);
        e.HasKey(x => new { x.RecordId, x.UserId, x.Relation });
        e.HasIndex(x => new { x.UserId, x.RecordId });
        e.HasOne<RecordEntity>().WithMany().HasForeignKey(x => x.RecordId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RecordGroupConfiguration : IEntityTypeConfiguration<RecordGroup>
{
    public void Configure(EntityTypeBuilder<RecordGroup> e)
    {
        e.ToTable("record_groups");
        e.HasKey(x => new { x.RecordId, x.UserGroupId });
        e.HasIndex(x => new { x.UserGroupId, x.RecordId });
        e.HasOne<RecordEntity>().WithMany().HasForeignKey(x => x.RecordId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RecordAgencyConfiguration : IEntityTypeConfiguration<RecordAgency>
{
    public void Configure(EntityTypeBuilder<RecordAgency> e)
    {
        e.ToTable("record_agencies");
        e.HasKey(x => new { x.RecordId, x.AgencyId });
        e.HasIndex(x => new { x.AgencyId, x.RecordId });
        e.HasOne<RecordEntity>().WithMany().HasForeignKey(x => x.RecordId).OnDelete(DeleteBehavior.Cascade);
    }
}
