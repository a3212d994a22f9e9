using Amparo.Server.Platform.Data;

namespace Amparo.Server.Features.Auth;

/// <summary>A WebAuthn credential (security key or platform authenticator) registered as a user's second factor.</summary>
internal sealed class WebAuthnCredential : ITenantOwned
{
    public int Id { get; set; }
    public Guid TenantId { get; set; }
    public int UserId { get; set; }
    public required byte[] CredentialId { get; set; }
    /// <summary>The COSE-encoded public key the authenticator returned at registration.</summary>
    public required byte[] PublicKey { get; set; }
    /// <summary>The authenticator's signature counter: a value that does not grow means a cloned key.</summary>
    public long SignCount { get; set; }
    public required string Name { get; set; }
    public Guid AaGuid { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
}
