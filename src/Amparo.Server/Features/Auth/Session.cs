using Amparo.Server.Platform.Data;

namespace Amparo.Server.Features.Auth;

/// <summary>
/// A server-side login session. The cookie carries a random token; only its SHA-256 is stored,
/// so a database read does not hand out live sessions.
/// </summary>
internal sealed class Session : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public int UserId { get; set; }
    public required string TokenHash { get; set; }
    public required string CsrfToken { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}
