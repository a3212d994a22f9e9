using Amparo.Server.Features.Users;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Amparo.Server.Features.UserGroups;

internal sealed class UserGroupConfiguration : IEntityTypeConfiguration<UserGroup>
{
    public void Configure(EntityTypeBuilder<UserGroup> e)
    {
        e.ToTable("user_groups");
        e.Property(x => x.UniqueId).HasMaxLength(100);
        e.Property(x => x.Name).HasMaxLength(200);
        e.Property(x => x.AgencyUniqueIds).IsJsonDocument();
        e.HasIndex(x => new { x.TenantId, x.UniqueId }).IsUnique();
    }
}

internal sealed class UserGroupMembershipConfiguration : IEntityTypeConfiguration<UserGroupMembership>
{
    public void Configure(EntityTypeBuilder<UserGroupMembership> e)
    {
        e.ToTable("user_group_memberships");
        e.HasKey(x => new { x.UserId, x.UserGroupId });
        e.HasIndex(x => x.UserGroupId);
        e.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<UserGroup>().WithMany().HasForeignKey(x => x.UserGroupId).OnDelete(DeleteBehavior.Cascade);
    }
}
