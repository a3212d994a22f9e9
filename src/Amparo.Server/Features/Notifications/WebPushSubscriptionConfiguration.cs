using Amparo.Server.Features.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Amparo.Server.Features.Notifications;

internal sealed class WebPushSubscriptionConfiguration : IEntityTypeConfiguration<WebPushSubscription>
{
    public void Configure(EntityTypeBuilder<WebPushSubscription> e)
    {
        e.ToTable("webpush_subscriptions");
        e.Property(x => x.NotificationUrl).HasMaxLength(2000);
        e.Property(x => x.Auth).HasMaxLength(1000);
        e.Property(x => x.P256dh).HasMaxLength(1000);
        e.HasIndex(x => new { x.TenantId, x.UserId });
        e.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
