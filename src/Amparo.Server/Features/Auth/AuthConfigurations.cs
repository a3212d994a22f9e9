using Amparo.Server.Features.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Amparo.Server.Features.Auth;

internal sealed class SessionConfiguration : IEntityTypeConfiguration<Session>
{
    public void Configure(EntityTypeBuilder<Session> e)
    {
        e.ToTable("sessions");
        e.Property(x => x.TokenHash).HasMaxLength(64);
        e.Property(x => x.CsrfToken).HasMaxLength(64);
        e.HasIndex(x => x.TokenHash).IsUnique();
        e.HasIndex(x => new { x.TenantId, x.UserId });
    }
}

internal sealed class RevokedTokenConfiguration : IEntityTypeConfiguration<RevokedToken>
{
    public void Configure(EntityTypeBuilder<RevokedToken> e)
    {
        e.ToTable("revoked_tokens");
        e.Property(x => x.TokenId).HasMaxLength(200);
        e.HasKey(x => new { x.TenantId, x.TokenId });
    }
}

internal sealed class RecoveryCodeConfiguration : IEntityTypeConfiguration<RecoveryCode>
{
    public void Configure(EntityTypeBuilder<RecoveryCode> e)
    {
        e.ToTable("recovery_codes");
        e.Property(x => x.CodeHash).HasMaxLength(64);
        e.HasIndex(x => new { x.UserId, x.CodeHash });
        e.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WebAuthnCredentialConfiguration : IEntityTypeConfiguration<WebAuthnCredential>
{
    public void Configure(EntityTypeBuilder<WebAuthnCredential> e)
    {
        e.ToTable("security_keys");
        e.Property(x => x.CredentialId).HasMaxLength(1023);
        e.Property(x => x.Name).HasMaxLength(100);
        e.HasIndex(x => x.CredentialId).IsUnique();
        e.HasIndex(x => new { x.TenantId, x.UserId });
        e.HasOne<User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
