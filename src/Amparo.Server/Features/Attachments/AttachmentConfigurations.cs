using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Amparo.Server.Features.Attachments;

internal sealed class AttachmentConfiguration : IEntityTypeConfiguration<Attachment>
{
    public void Configure(EntityTypeBuilder<Attachment> e)
    {
        e.ToTable("attachments");
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(x => x.RecordType).HasMaxLength(30);
        e.Property(x => x.FieldName).HasMaxLength(100);
        e.Property(x => x.FileName).HasMaxLength(255);
        e.Property(x => x.ContentType).HasMaxLength(120);
        e.Property(x => x.Description).HasMaxLength(1000);
        e.Property(x => x.Comments).HasMaxLength(2000);
        e.Property(x => x.SignatureProvidedBy).HasMaxLength(200);
        e.Property(x => x.CreatedBy).HasMaxLength(100);
        e.HasIndex(x => new { x.TenantId, x.RecordId });
    }
}

internal sealed class TenantKeyConfiguration : IEntityTypeConfiguration<TenantKey>
{
    public void Configure(EntityTypeBuilder<TenantKey> e)
    {
        e.ToTable("tenant_keys");
        e.Property(x => x.Purpose).HasMaxLength(50);
        e.Property(x => x.WrappedKey).HasMaxLength(2000);
        e.HasIndex(x => new { x.TenantId, x.Purpose }).IsUnique();
    }
}
