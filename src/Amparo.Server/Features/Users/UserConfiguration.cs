using Amparo.Server.Features.Agencies;
using Amparo.Server.Features.Roles;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Amparo.Server.Features.Users;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> e)
    {
        e.ToTable("users");
        e.Property(x => x.UserName).HasMaxLength(100);
        e.Property(x => x.FullName).HasMaxLength(200);
        e.Property(x => x.Email).HasMaxLength(254);
        e.Property(x => x.Locale).HasMaxLength(10);
        e.Property(x => x.TwoFactorSecret).HasMaxLength(500);
        e.Property(x => x.IdentityProviderUniqueId).HasMaxLength(100);
        // Defaults for the users that existed before notifications: mail on, as Primero's send_mail defaults.
        // The sentinel makes EF send an explicit false rather than leave it to the column default.
        e.Property(x => x.SendMail).HasDefaultValue(true).HasSentinel(true);
        e.Property(x => x.NotificationSettings).IsJsonDocument().HasDefaultValue("{}");
        e.Ignore(x => x.HasSecondFactor);
        e.HasIndex(x => new { x.TenantId, x.UserName }).IsUnique();
        e.HasOne<Role>().WithMany().HasForeignKey(x => x.RoleId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<Agency>().WithMany().HasForeignKey(x => x.AgencyId).OnDelete(DeleteBehavior.Restrict);
    }
}
