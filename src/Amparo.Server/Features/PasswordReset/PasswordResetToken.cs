using Amparo.Server.Platform.Data;

namespace Amparo.Server.Features.PasswordReset;

/// <summary>A password-reset link's token: only its SHA-256 is stored; valid 24 hours, once.</summary>
internal sealed class PasswordResetToken : ITenantOwned
{
    public int Id { get; set; }
    public Guid TenantId { get; set; }
    public int UserId { get; set; }
    public required string TokenHash { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
}
