using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Amparo.Server.Features.Webhooks;

internal sealed class WebhookConfiguration : IEntityTypeConfiguration<WebhookEntity>
{
    public void Configure(EntityTypeBuilder<WebhookEntity> e)
    {
        e.ToTable("webhooks");
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(x => x.Url).HasMaxLength(2000);
        e.Property(x => x.Events).IsJsonDocument();
        e.Property(x => x.Metadata).IsJsonDocument();
        e.Property(x => x.RoleUniqueId).HasMaxLength(100);
        e.Property(x => x.ProtectedSecret).HasMaxLength(2000);
    }
}
