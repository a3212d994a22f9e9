using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Amparo.Server.Features.Forms;

internal sealed class FormSectionConfiguration : IEntityTypeConfiguration<FormSectionEntity>
{
    public void Configure(EntityTypeBuilder<FormSectionEntity> e)
    {
        e.ToTable("form_sections");
        e.Property(x => x.UniqueId).HasMaxLength(100);
        e.Property(x => x.ParentForm).HasMaxLength(50);
        e.Property(x => x.Definition).IsJsonDocument();
        e.HasIndex(x => new { x.TenantId, x.UniqueId }).IsUnique();
    }
}

internal sealed class ModuleConfiguration : IEntityTypeConfiguration<ModuleEntity>
{
    public void Configure(EntityTypeBuilder<ModuleEntity> e)
    {
        e.ToTable("primero_modules");
        e.Property(x => x.UniqueId).HasMaxLength(100);
        e.Property(x => x.Name).HasMaxLength(200);
        e.Property(x => x.AssociatedRecordTypes).IsJsonDocument();
        e.Property(x => x.FormSectionUniqueIds).IsJsonDocument();
        e.Property(x => x.Extra).IsJsonDocument();
        e.HasIndex(x => new { x.TenantId, x.UniqueId }).IsUnique();
    }
}

internal sealed class FormSectionVersionConfiguration : IEntityTypeConfiguration<FormSectionVersion>
{
    public void Configure(EntityTypeBuilder<FormSectionVersion> e)
    {
        e.ToTable("form_section_versions");
        e.Property(x => x.UniqueId).HasMaxLength(100);
        e.Property(x => x.Definition).IsJsonDocument();
        e.Property(x => x.Renames).IsJsonDocument();
        e.Property(x => x.PublishedBy).HasMaxLength(100);
        e.HasIndex(x => new { x.TenantId, x.UniqueId, x.Version }).IsUnique();
    }
}
