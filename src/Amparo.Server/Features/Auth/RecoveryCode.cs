using Amparo.Server.Platform.Data;

namespace Amparo.Server.Features.Auth;

/// <summary>A one-time code for signing in without the authenticator. Only its SHA-256 is kept.</summary>
internal sealed class RecoveryCode : ITenantOwned
{
    public int Id { get; set; }
    public Guid TenantId { get; set; }
    public int UserId { get; set; }
    public required string CodeHash { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
}
