using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using Amparo.Server.Features.Users;
using Amparo.Server.Platform.Api;
using Amparo.Server.Platform.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Amparo.Server.Features.Auth;

/// <summary>
/// Primero's two ways in: the session cookie set by <c>POST /api/v2/tokens</c>, and HTTP Basic auth on
/// any call. Answers 401 in Devise's shape (<c>{"error": ...}</c> with a WWW-Authenticate header) and 403
/// in the API's error envelope.
/// </summary>
internal sealed class AmparoAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    SessionStore sessions,
    LoginService logins,
    ExternalTokenValidator externalTokens,
    IOptions<AuthOptions> authOptions,
    AmparoDbContext db,
    CurrentUserCache users,
    TenantStamps stamps)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Amparo";
    public const string MethodClaim = "amr";
    public const string SessionItem = "amparo.session";
    public const string ExternalIdentityItem = "amparo.external-identity";
    public const string FailureItem = "amparo.auth-failure";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        // Static files and the client shell need no identity; only the API and health probes do.
        if (!Request.Path.StartsWithSegments("/api") && !Request.Path.StartsWithSegments("/health"))
            return AuthenticateResult.NoResult();

        if (AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var header))
        {
            if (string.Equals(header.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase)) return await BearerAsync(header.Parameter);
            if (string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase))
            {
                // In identity-provider mode nobody signs in with a password, Basic auth included.
                if (authOptions.Value.UseIdentityProvider) return Failed("Password sign-in is disabled: use the identity provider.");
                return await BasicAsync(header.Parameter);
            }
        }

        if (Request.Cookies.TryGetValue(SessionStore.CookieName, out var token) && !string.IsNullOrEmpty(token))
        {
            var session = await sessions.FindAsync(token, Context.RequestAborted);
            if (session is null) return AuthenticateResult.NoResult();
            var current = await users.GetAsync(db, stamps, session.UserId, session.Id, Context.RequestAborted);
            if (current is null) return AuthenticateResult.NoResult();
            Context.Items[SessionItem] = session;
            return Success(current, "session");
        }
        return AuthenticateResult.NoResult();
    }

    private AuthenticateResult Failed(string reason)
    {
        Context.Items[FailureItem] = reason;
        return AuthenticateResult.Fail(reason);
    }

    private async Task<AuthenticateResult> BearerAsync(string? token)
    {
        var (identity, error) = await externalTokens.ValidateAsync(token ?? "", Context.RequestAborted);
        if (identity is null) return Failed(error ?? "Invalid token.");
        if (await ExternalTokenValidator.IsRevokedAsync(db, identity.TokenId, Context.RequestAborted)) return Failed("The token was logged out.");
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(
            u => u.UserName == identity.UserName && u.IdentityProviderUniqueId == identity.ProviderUniqueId, Context.RequestAborted);
        if (user is null || user.Disabled) return Failed("No enabled user is linked to this identity.");
        Context.Items[ExternalIdentityItem] = identity;
        return await SuccessAsync(user, "bearer", null);
    }

    private async Task<AuthenticateResult> BasicAsync(string? parameter)
    {
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(parameter ?? ""));
        }
        catch (FormatException)
        {
            return AuthenticateResult.Fail("Malformed Basic credentials.");
        }
        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0) return AuthenticateResult.Fail("Malformed Basic credentials.");
        var (outcome, user) = await logins.CheckAsync(decoded[..colon], decoded[(colon + 1)..], SignInGuard.SourceOf(Context), Context.RequestAborted);
        if (outcome != LoginOutcome.Success) return AuthenticateResult.Fail("Invalid credentials.");
        var current = await users.GetAsync(db, stamps, user!, null, Context.RequestAborted);
        // Basic auth cannot carry a second factor: accounts that have (or must have) one sign in through /tokens.
        if (current.HasTwoFactor || current.RoleRequiresTwoFactor) return AuthenticateResult.Fail("Two-factor accounts cannot use Basic auth.");
        return Success(current, "basic");
    }

    private async Task<AuthenticateResult> SuccessAsync(User user, string method, Guid? sessionId) =>
        Success(await users.GetAsync(db, stamps, user, sessionId, Context.RequestAborted), method);

    private AuthenticateResult Success(CurrentUser current, string method)
    {
        Context.Items[CurrentUser.ItemKey] = current;
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, current.Id.ToString(CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, current.UserName),
            new(MethodClaim, method),
        };
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer realm=\"Primero\" charset=\"UTF8\"";
        await Response.WriteAsJsonAsync(new JsonObject { ["error"] = "You need to sign in or sign up before continuing." });
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiErrors.WriteAsync(Context, StatusCodes.Status403Forbidden, "Forbidden");
}
