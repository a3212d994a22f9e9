using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Amparo.Server.Platform.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Amparo.Server.Features.Auth;

/// <summary>An external OpenID Connect identity provider (configuration <c>Auth:IdentityProviders</c>).</summary>
internal sealed class IdentityProviderOptions
{
    public string UniqueId { get; set; } = "";
    public string Name { get; set; } = "";
    public string ProviderType { get; set; } = "oidc";
    public string ClientId { get; set; } = "";
    public string? AuthorizationUrl { get; set; }
    public List<string> IdentityScope { get; set; } = [];
    /// <summary>The provider's JWKS address, from which signing keys are fetched (cached 12 hours).</summary>
    public string? VerificationUrl { get; set; }
    /// <summary>The signing keys as JWKS JSON, for providers without a reachable JWKS address.</summary>
    public string? Jwks { get; set; }
    public string Issuer { get; set; } = "";
    public string? UserDomain { get; set; }
    public string? DomainHint { get; set; }
    public string? RedirectUri { get; set; }
    /// <summary>The claim whose value is the Amparo user name (Primero: the e-mail).</summary>
    public string UsernameClaim { get; set; } = "email";
}

/// <summary>A bearer token that was logged out before it expired.</summary>
internal sealed class RevokedToken : ITenantOwned
{
    public Guid TenantId { get; set; }
    public required string TokenId { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}

/// <summary>A validated external token: who it names, from which provider, and its id for logout.</summary>
internal sealed record ExternalIdentity(string ProviderUniqueId, string UserName, string TokenId, DateTimeOffset ExpiresAt);

/// <summary>
/// Validates bearer tokens from the configured identity providers: RS256 signature against the provider's keys,
/// issuer, audience (the client id), expiry and not-before. Keys are fetched from the JWKS address and cached
/// for 12 hours, fetched again at once when a token names an unknown key.
/// </summary>
internal sealed class ExternalTokenValidator(IOptions<AuthOptions> options, IHttpClientFactory http, TimeProvider clock)
{
    private readonly JsonWebTokenHandler _handler = new();
    private readonly ConcurrentDictionary<string, (DateTimeOffset Fetched, IList<SecurityKey> Keys)> _keys = new();

    public IReadOnlyList<IdentityProviderOptions> Providers => options.Value.IdentityProviders;

    public async Task<(ExternalIdentity? Identity, string? Error)> ValidateAsync(string token, CancellationToken ct)
    {
        string issuer;
        try
        {
            issuer = _handler.ReadJsonWebToken(token).Issuer;
        }
        catch (ArgumentException)
        {
            return (null, "Malformed token.");
        }
        var provider = Providers.FirstOrDefault(p => p.Issuer == issuer);
        if (provider is null) return (null, "Unknown token issuer.");

        for (var attempt = 0; attempt < 2; attempt++)
        {
            var keys = await KeysAsync(provider, refresh: attempt > 0, ct);
            var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
            {
                ValidIssuer = provider.Issuer,
                ValidAudience = provider.ClientId,
                IssuerSigningKeys = keys,
                ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
                RequireExpirationTime = true,
                ValidateLifetime = true,
                LifetimeValidator = (notBefore, expires, _, _) =>
                {
                    var now = clock.GetUtcNow().UtcDateTime;
                    return expires is { } e && e > now.AddMinutes(-1) && (notBefore is not { } nb || nb <= now.AddMinutes(1));
                },
            });
            if (result.IsValid)
            {
                var claims = result.ClaimsIdentity;
                var userName = claims.FindFirst(provider.UsernameClaim)?.Value;
                if (string.IsNullOrWhiteSpace(userName)) return (null, $"The token has no '{provider.UsernameClaim}' claim.");
                var jwt = (JsonWebToken)result.SecurityToken;
                var id = jwt.Id is { Length: > 0 } jti ? jti : claims.FindFirst("nonce")?.Value ?? claims.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? jwt.Subject ?? "";
                return (new ExternalIdentity(provider.UniqueId, Users.User.Normalize(userName), id, jwt.ValidTo), null);
            }
            if (result.Exception is not SecurityTokenSignatureKeyNotFoundException) return (null, result.Exception?.Message ?? "Invalid token.");
        }
        return (null, "The token's signing key is unknown.");
    }

    private async Task<IList<SecurityKey>> KeysAsync(IdentityProviderOptions provider, bool refresh, CancellationToken ct)
    {
        if (!refresh && _keys.TryGetValue(provider.UniqueId, out var cached) && clock.GetUtcNow() - cached.Fetched < TimeSpan.FromHours(12))
            return cached.Keys;
        string json;
        if (provider.Jwks is { Length: > 0 } inline) json = inline;
        else if (provider.VerificationUrl is { Length: > 0 } url) json = await http.CreateClient("jwks").GetStringAsync(new Uri(url), ct);
        else return [];
        var keys = new JsonWebKeySet(json).GetSigningKeys();
        _keys[provider.UniqueId] = (clock.GetUtcNow(), keys);
        return keys;
    }

    public static JsonObject ToJson(IdentityProviderOptions p, int index) => new()
    {
        ["id"] = index + 1,
        ["unique_id"] = p.UniqueId,
        ["name"] = p.Name,
        ["provider_type"] = p.ProviderType,
        ["client_id"] = p.ClientId,
        ["force_standard_oidc"] = true,
        ["authorization_url"] = p.AuthorizationUrl,
        ["identity_scope"] = new JsonArray([.. p.IdentityScope.Select(s => (JsonNode?)s)]),
        ["verification_url"] = p.VerificationUrl,
        ["user_domain"] = p.UserDomain,
        ["domain_hint"] = p.DomainHint,
        ["redirect_uri"] = p.RedirectUri,
    };

    /// <summary>True when the token was logged out.</summary>
    public static Task<bool> IsRevokedAsync(AmparoDbContext db, string tokenId, CancellationToken ct) =>
        db.Set<RevokedToken>().AnyAsync(t => t.TokenId == tokenId, ct);
}
