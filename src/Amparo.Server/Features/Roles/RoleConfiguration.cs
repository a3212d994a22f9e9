using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Amparo.Server.Features.Roles;

internal sealed class RoleConfiguration : IEntityTypeConfiguration<Role>
{
    public void Configure(EntityTypeBuilder<Role> e)
    {
        e.ToTable("roles");
        e.Property(x => x.UniqueId).HasMaxLength(100);
        e.Property(x => x.Name).HasMaxLength(200);
        e.Property(x => x.GroupPermission).HasMaxLength(20);
        e.Property(x => x.Permissions).IsJsonDocument();
        e.Property(x => x.ModuleUniqueIds).IsJsonDocument();
        e.Property(x => x.FormSectionReadWrite).IsJsonDocument();
        e.HasIndex(x => new { x.TenantId, x.UniqueId }).IsUnique();
    }
}
